/** `spade dashboard`: Bull Board behind a login, the pipeline page and the parse debugger. */
export { startDashboard, QUEUE_REFRESH_MS } from './dashboard';
export type { DashboardHandle, DashboardOptions } from './dashboard';
export { createDashboardApp, BOARD_PATH } from './app';
export type { DashboardAppDeps } from './app';
export type { Role, Account } from './auth/accounts';
export type { Viewer } from './auth/dashboardAuth';
