import { useTheme } from '../../store/theme-store.ts';

/** Light/dark switch; the choice is remembered, and until made the system setting applies. */
export function ThemeToggle() {
  const theme = useTheme((s) => s.theme);
  const toggle = useTheme((s) => s.toggle);
  const dark = theme === 'dark';
  return (
    <button type="button" className="btn btn-quiet btn-small theme-toggle" aria-pressed={dark} onClick={toggle}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" className="icon">
        {dark ? (
          <path d="M13.5 10.2A6 6 0 0 1 5.8 2.5a6 6 0 1 0 7.7 7.7z" fill="none" strokeWidth="1.6" strokeLinejoin="round" />
        ) : (
          <>
            <circle cx="8" cy="8" r="3" fill="none" strokeWidth="1.6" />
            <path
              d="M8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6L13 13M3 13l1.4-1.4M11.6 4.4L13 3"
              strokeWidth="1.6"
              strokeLinecap="round"
            />
          </>
        )}
      </svg>
      <span className="theme-toggle-label">Dark theme</span>
    </button>
  );
}
