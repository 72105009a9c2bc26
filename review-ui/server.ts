// Serves the review UI for a running runtime: the user store beside the data dir, the first admin on
// first start, the screens of every role, and the HTTP server itself.
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { env } from '../core/env.ts';
import type { Context } from '../pipeline/context.ts';
import { randomPassword, UiStore } from './auth/users.ts';
import { createApp, type UiDeps, type UiSettings } from './app.tsx';
import { mountScreens } from './screens.ts';
import { createMetrics, type Metrics } from '../core/metrics.ts';
import { observeStages } from '../pipeline/stage.ts';

/** The UI's user store of a data dir. */
export const uiStoreFile = (dataRoot: string) => path.join(dataRoot, 'ui.sqlite');

export function settingsFromEnv(): UiSettings {
  const e = env();
  return {
    secureCookies: e.POSTSTELLE_UI_SECURE_COOKIES,
    sessionHours: e.POSTSTELLE_UI_SESSION_HOURS,
    proxyUserHeader: e.POSTSTELLE_UI_PROXY_USER_HEADER,
    trustedProxies: e.POSTSTELLE_UI_TRUSTED_PROXIES,
    metricsToken: e.POSTSTELLE_METRICS_TOKEN,
    uploadMaxBytes: e.POSTSTELLE_UI_UPLOAD_MAX_MB * 1024 * 1024,
  };
}

/**
 * Creates the first administrator when there is no user yet and returns its one-time password (shown
 * once, never stored in clear), else null.
 */
export async function ensureFirstAdmin(ui: UiStore, ctx: Pick<Context, 'repo'>): Promise<string | null> {
  if (ui.userCount() > 0) return null;
  const password = randomPassword();
  await ui.addUser(
    { id: 'admin', name: 'Administrator', roles: ['admin'], units: [], clerk: null },
    password,
  );
  await ctx.repo.audit('system', 'user.created', 'admin', { roles: ['admin'], first: true });
  return password;
}

/** Builds the whole app for a context (routes of every role mounted); metrics of its own unless given. */
export function buildApp(deps: Omit<UiDeps, 'mounts' | 'metrics'> & { metrics?: Metrics }) {
  const full = { ...deps, metrics: deps.metrics ?? createMetrics(deps.ctx) };
  return createApp({ ...full, mounts: (app, guard) => mountScreens(app, guard, full) });
}

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

export async function startUi(
  ctx: Context,
  opts: { host?: string; port?: number; settings?: UiSettings } = {},
): Promise<UiServer & { firstAdminPassword: string | null }> {
  const ui = new UiStore(uiStoreFile(ctx.dirs.root));
  const firstAdminPassword = await ensureFirstAdmin(ui, ctx);
  const metrics = createMetrics(ctx);
  const app = buildApp({ ctx, ui, metrics, settings: opts.settings ?? settingsFromEnv() });
  // Stage durations of the workers in this process (`start`); a UI-only process runs no stages.
  const unobserve = observeStages(metrics.observeStage);
  const host = opts.host ?? env().POSTSTELLE_UI_HOST;
  const server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? env().POSTSTELLE_UI_PORT });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.log.info('ui listening', { url });
  return {
    url,
    firstAdminPassword,
    close: () =>
      new Promise<void>((resolve) => {
        // Open event streams would keep the server from closing.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => {
          unobserve();
          ui.close();
          resolve();
        });
      }),
  };
}
