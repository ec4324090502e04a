import { api } from '../../api/index.ts';
import { useLoaded } from '../../lib/use-loaded.ts';
import { useApp } from '../../store/app-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { PageHeading } from '../common/PageHeading.tsx';
import { AboutInstallation } from './AboutInstallation.tsx';
import { SettingsForm } from './SettingsForm.tsx';

/** "Settings": resolvers for the propagation check, notifications, renewals, launch at login. */
export function SettingsPage() {
  const info = useApp((s) => s.info);
  const settings = useLoaded(() => api.getSettings({}), 'settings');
  return (
    <>
      <PageHeading>Settings</PageHeading>
      {!settings.data && !settings.error && <Loading label="Loading settings…" />}
      {settings.error && <ErrorPanel error={settings.error} title="Settings could not be loaded" onRetry={settings.retry} />}
      {settings.data && <SettingsForm initial={settings.data} inBrowser={info?.host === 'web'} />}
      {info && <AboutInstallation info={info} />}
    </>
  );
}
