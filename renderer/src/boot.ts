// The first calls, made while the rest of the bundle (React DOM, every page) is still being
// evaluated: main.tsx imports this module first, and it imports only the stores and the client.
import { useApp } from './store/app-store.ts';
import { prefetchDashboard } from './store/dashboard-data.ts';
import { startEventFeeds } from './store/events.ts';
import { useNav } from './store/nav-store.ts';

// Subscribed before anything is loaded, so no change between a load and the subscription is missed.
startEventFeeds();
// The app's own facts first: every page waits for them, and the host answers calls in the order
// they come, so asked after the dashboard's lists they waited for those to be built.
void useApp.getState().load();
// The dashboard is the usual first page: ask for its data now rather than after the app's facts
// arrive and the page mounts (with thousands of certificates that wait was a visible part of the
// first render).
if (useNav.getState().page === 'certificates') prefetchDashboard();
