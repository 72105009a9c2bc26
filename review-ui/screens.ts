// Mounts the screens of every role on the app (each module checks its own access).
import type { Hono } from 'hono';
import type { AppEnv, Guard, UiDeps } from './app.tsx';
import { mountAccount } from './account.tsx';
import { mountAdmin } from './admin.tsx';
import { mountInbox } from './inbox.tsx';
import { mountOperator } from './operator.tsx';
import { mountQa } from './qa.tsx';

export function mountScreens(app: Hono<AppEnv>, guard: Guard, deps: Omit<UiDeps, 'mounts'>): void {
  mountAccount(app, guard);
  mountQa(app, guard);
  mountInbox(app, guard);
  mountOperator(app, guard, deps);
  mountAdmin(app, guard, deps);
}
