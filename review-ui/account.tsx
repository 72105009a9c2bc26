// Every user's own account: change the password (the one an administrator handed out is only for the
// first login). All sessions of the user end, this one included.
import type { Hono } from 'hono';
import { z } from 'zod';
import { ActionForm, Page } from './layout.tsx';
import { errorPage, flash, takeFlash, type AppEnv, type Guard } from './app.tsx';

/** Shortest password a user may choose. */
export const MIN_PASSWORD = 12;

const change = z
  .object({ current: z.string().max(1024), next: z.string().min(MIN_PASSWORD).max(1024), repeat: z.string() })
  .refine((f) => f.next === f.repeat, 'repeat');

export function mountAccount(app: Hono<AppEnv>, guard: Guard): void {
  app.get('/account', guard(), (c) =>
    c.html(
      <Page title="Mein Konto" user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <p class="muted">{`Angemeldet als ${c.var.user!.id}.`}</p>
        <ActionForm action="/account/password" csrf={c.var.csrf} class="fields login">
          <label>
            Bisheriges Passwort
            <input name="current" type="password" autocomplete="current-password" required />
          </label>
          <label>
            Neues Passwort (mindestens {MIN_PASSWORD} Zeichen)
            <input
              name="next"
              type="password"
              autocomplete="new-password"
              minlength={MIN_PASSWORD}
              required
            />
          </label>
          <label>
            Neues Passwort wiederholen
            <input
              name="repeat"
              type="password"
              autocomplete="new-password"
              minlength={MIN_PASSWORD}
              required
            />
          </label>
          <button type="submit">Passwort ändern</button>
        </ActionForm>
      </Page>,
    ),
  );

  app.post('/account/password', guard(), async (c) => {
    const { ui, ctx } = c.var.deps;
    const user = c.var.user!;
    const form = change.safeParse(await c.req.parseBody());
    if (!form.success)
      return errorPage(
        c,
        400,
        `Das neue Passwort muss mindestens ${MIN_PASSWORD} Zeichen haben und zweimal gleich eingegeben werden.`,
      );
    if (!(await ui.checkPassword(user.id, form.data.current))) {
      flash(c, 'error', 'Das bisherige Passwort stimmt nicht.');
      return c.redirect('/account', 303);
    }
    await ui.setPassword(user.id, form.data.next);
    await ctx.repo.audit(user.id, 'user.password_changed', user.id, {});
    flash(c, 'ok', 'Passwort geändert. Bitte melden Sie sich neu an.');
    return c.redirect('/login', 303);
  });
}
