// Regular expressions from configuration (the org's file-reference pattern), guarded: a pattern is
// refused at load when it is long or backtracks badly on adversarial input (checked in a node:vm context
// under a timeout), and at run time every input line is cut to a bounded length before it is matched.
import vm from 'node:vm';

/** Longest pattern the configuration may give. */
export const MAX_PATTERN_LENGTH = 200;
/** Longest input line a guarded pattern is run on; longer lines are cut (OCR lines are far shorter). */
export const MAX_LINE_LENGTH = 2000;
/**
 * Wall time the whole adversarial battery may take. A linear pattern needs 10-20 ms on an idle 2-core
 * machine, a backtracking one more than 20 s (even `\d+\d+x`); the limit sits far from both, because
 * the watchdog counts wall time and a worker beside running OCR gets a fraction of a core (50 ms once
 * refused the shipped pattern in a busy CI run).
 */
export const PATTERN_TIME_LIMIT_MS = 500;

/** A pattern from configuration that is refused; the message (English) names why. */
export class UnsafePatternError extends Error {
  override name = 'UnsafePatternError';
}

/**
 * Inputs on which backtracking patterns blow up: 10 000-character runs of digits, dots, slashes, spaces,
 * hyphens, letters and short mixes of them, each as it is and with a character that makes the match fail
 * at the very end (what turns `(\d+)+$` or `(a|a)*b` exponential).
 */
const ADVERSARIAL: readonly string[] = (() => {
  const runs = ['1', '.', '/', ' ', '-', 'a', '1.', '12.', '1/', '1 ', '1-', 'a ', '. '];
  const n = 10_000;
  return runs.flatMap((r) => {
    const run = r.repeat(Math.ceil(n / r.length)).slice(0, n);
    return [run, `${run}!`, `${run}\n`];
  });
})();

/** Script run in the sandbox: compiles the pattern there and tries every input (the pattern is data, not code). */
const BATTERY = new vm.Script(
  'const re = new RegExp(pattern, flags); for (const s of inputs) { re.lastIndex = 0; re.test(s); }',
);

/** What is wrong with a pattern: its kind (for messages in German) and an English message. */
export interface PatternProblem {
  kind: 'long' | 'syntax' | 'slow';
  message: string;
}

const checked = new Map<string, PatternProblem | null>();

/**
 * Why a pattern from configuration may not be used (null when it may): longer than
 * `MAX_PATTERN_LENGTH`, not a valid regular expression, or slower than `PATTERN_TIME_LIMIT_MS` on the
 * adversarial inputs. The answer is remembered per pattern and flags.
 * @example patternProblem('(\\d+)+$') // 'too slow on long runs of digits, dots, slashes or spaces ...'
 */
export function patternProblem(pattern: string, flags = ''): string | null {
  return checkPattern(pattern, flags)?.message ?? null;
}

/** The problem of `patternProblem` with its kind. */
export function checkPattern(pattern: string, flags = ''): PatternProblem | null {
  const key = `${flags}/${pattern}`;
  const known = checked.get(key);
  if (known !== undefined) return known;
  const problem = check(pattern, flags.replace(/[gy]/g, ''));
  if (checked.size > 100) checked.clear();
  checked.set(key, problem);
  return problem;
}

function check(pattern: string, flags: string): PatternProblem | null {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return { kind: 'long', message: `longer than ${MAX_PATTERN_LENGTH} characters (${pattern.length})` };
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    return { kind: 'syntax', message: (e as Error).message };
  }
  try {
    BATTERY.runInContext(vm.createContext({ pattern, flags, inputs: ADVERSARIAL }), {
      timeout: PATTERN_TIME_LIMIT_MS,
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return {
        kind: 'slow',
        message:
          `too slow on long runs of digits, dots, slashes or spaces (over ${PATTERN_TIME_LIMIT_MS} ms: ` +
          'nested or overlapping repetition backtracks); bound the repetitions, e.g. \\d{1,6} instead of \\d+',
      };
    return { kind: 'syntax', message: (e as Error).message };
  }
  return null;
}

/**
 * A pattern problem in German, for the administration UI.
 * @example germanPatternProblem({ kind: 'long', message: '...' }) // 'Das Muster ist länger als 200 Zeichen.'
 */
export function germanPatternProblem(p: PatternProblem): string {
  if (p.kind === 'long') return `Das Muster ist länger als ${MAX_PATTERN_LENGTH} Zeichen.`;
  if (p.kind === 'syntax') return `Das Muster ist kein gültiger regulärer Ausdruck (${p.message}).`;
  return (
    `Das Muster braucht auf langen Folgen von Ziffern, Punkten, Schrägstrichen oder Leerzeichen zu lange ` +
    `(über ${PATTERN_TIME_LIMIT_MS} ms, verschachtelte Wiederholungen); Wiederholungen begrenzen, z. B. ` +
    '\\d{1,6} statt \\d+.'
  );
}

/**
 * A regular expression from configuration, after the checks of `patternProblem` (throws
 * `UnsafePatternError` naming the problem). Run it on input through `matchAll` or `matchLines`.
 * @example const re = guardedRegExp(org.fileref.pattern, 'g')
 */
export function guardedRegExp(pattern: string, flags = ''): RegExp {
  const problem = patternProblem(pattern, flags);
  if (problem) throw new UnsafePatternError(`pattern ${JSON.stringify(pattern)}: ${problem}`);
  return new RegExp(pattern, flags);
}

/** The text cut to `max` characters (never in the middle of a surrogate pair). */
export function boundedText(text: string, max = MAX_LINE_LENGTH): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * Every match of `re` in `text` cut to `MAX_LINE_LENGTH` (global matching whatever the flags of `re`;
 * `re` itself is left untouched).
 * @example matchAll(guardedRegExp(pattern), plain(line.text)).map((m) => m.groups?.plan)
 */
export function matchAll(re: RegExp, text: string, max = MAX_LINE_LENGTH): RegExpExecArray[] {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  const input = boundedText(text, max);
  const out: RegExpExecArray[] = [];
  for (let m = g.exec(input); m; m = g.exec(input)) {
    out.push(m);
    if (m[0] === '') g.lastIndex++;
  }
  return out;
}

/**
 * The matches of `re` in each line (each cut to `MAX_LINE_LENGTH`), with the index of its line.
 * @example matchLines(re, lines.map((l) => plain(l.text))) // [{ line: 3, match: [...] }]
 */
export function matchLines(
  re: RegExp,
  lines: readonly string[],
  max = MAX_LINE_LENGTH,
): Array<{ line: number; match: RegExpExecArray }> {
  return lines.flatMap((text, line) => matchAll(re, text, max).map((match) => ({ line, match })));
}

/** `s` with every character that means something in a pattern escaped (names from configuration in a regex). */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
