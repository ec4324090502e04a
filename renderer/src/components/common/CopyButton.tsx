import { useState } from 'react';
import { announce } from '../../store/announce-store.ts';

/** Copies text to the clipboard and says "Copied" through the app's live region. */
export function CopyButton({ text, label = 'Copy', describedBy }: { text: string; label?: string; describedBy?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      announce('Copied');
      setTimeout(() => setCopied(false), 2000);
    } catch {
      announce('Copying failed: select the text and copy it by hand');
    }
  }
  return (
    <button type="button" className="btn btn-small btn-copy" onClick={() => void copy()} aria-describedby={describedBy}>
      {label}
      <span className="copied" aria-hidden="true">
        {copied ? ' ✓' : ''}
      </span>
    </button>
  );
}
