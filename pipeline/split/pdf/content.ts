// Content-stream check of a plain scan page: one image painted, nothing else visible.
import { PdfName, PdfOp, PdfString, type PdfObject } from './objects.ts';
import { Parser } from './parser.ts';

/** A transformation matrix [a b c d e f]. */
export type Matrix = [number, number, number, number, number, number];

/** `m` then `n`. */
const times = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

/** Operators that change state or mark content but paint nothing. */
const HARMLESS = new Set(
  (
    'BT ET Tc Tw Tz TL Tf Ts Td TD Tm T* w J j M d ri i CS cs SC SCN sc scn G g RG rg K k ' +
    'BMC BDC EMC MP DP BX EX'
  ).split(' '),
);
const SHOW = new Set(['Tj', 'TJ', "'", '"']);
const MAX_SAVES = 64;
const MAX_OPERANDS = 64;

const showsText = (operands: PdfObject[]): boolean =>
  operands.some((o) =>
    o instanceof PdfString
      ? o.bytes.length > 0
      : Array.isArray(o) && o.some((e) => e instanceof PdfString && e.bytes.length > 0),
  );

/** The bounding box of rectangle `r` ([x y w h]) mapped by `m`; null unless `m` keeps it axis-aligned. */
function deviceRect(r: PdfObject[], m: Matrix): [number, number, number, number] | null {
  if (r.length !== 4 || r.some((v) => typeof v !== 'number')) return null;
  const [x, y, w, h] = r as number[] as [number, number, number, number];
  const scale = Math.max(...m.slice(0, 4).map(Math.abs));
  if (Math.abs(m[1]) > scale * 1e-3 || Math.abs(m[2]) > scale * 1e-3) return null;
  const xs = [x, x + w].map((v) => v * m[0] + m[4]);
  const ys = [y, y + h].map((v) => v * m[3] + m[5]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** What a plain scan page's content does: the XObject it paints, the matrix there, and its clip rectangles. */
export interface SinglePaint {
  name: string;
  ctm: Matrix;
  /** Device-space boxes of every `re W n` clip (producers clip to the page box; the caller checks that). */
  clips: Array<[number, number, number, number]>;
  /** Names of the graphics states set with `gs` (the caller checks they make nothing translucent). */
  states: string[];
}

/**
 * The XObject painted by a content stream that paints exactly one XObject (`Do`) and nothing else
 * visible (text only in render mode 3, invisible), with the transformation matrix at the `Do`; null for
 * anything else: paths, clips other than one rectangle, shadings, inline images, a second `Do`, optional
 * content, unknown operators.
 */
export function singleXObject(content: Buffer): SinglePaint | null {
  const p = new Parser(content);
  const saved: Array<{ ctm: Matrix; tr: number }> = [];
  let state = { ctm: [1, 0, 0, 1, 0, 0] as Matrix, tr: 0 };
  let found: { name: string; ctm: Matrix } | null = null;
  const clips: SinglePaint['clips'] = [];
  const states: string[] = [];
  let path: { rect: [number, number, number, number]; clip: boolean } | null = null;
  let operands: PdfObject[] = [];
  for (;;) {
    const t = p.next();
    if (t === undefined) return found && !path ? { ...found, clips, states } : null;
    if (!(t instanceof PdfOp)) {
      if (operands.push(t) > MAX_OPERANDS) return null;
      continue;
    }
    const op = t.op;
    if (path) {
      // Only `re W n` (or `re n`): a rectangular clip, painting nothing.
      if ((op === 'W' || op === 'W*') && !path.clip) path.clip = true;
      else if (op === 'n') {
        if (path.clip) clips.push(path.rect);
        path = null;
      } else return null;
    } else if (op === 're') {
      const rect = deviceRect(operands, state.ctm);
      if (!rect) return null;
      path = { rect, clip: false };
    } else if (op === 'q') {
      if (saved.push({ ...state }) > MAX_SAVES) return null;
    } else if (op === 'Q') state = saved.pop() ?? state;
    else if (op === 'cm') {
      const m = operands.slice(-6);
      if (m.length !== 6 || m.some((v) => typeof v !== 'number')) return null;
      state = { ...state, ctm: times(m as Matrix, state.ctm) };
    } else if (op === 'Tr') state = { ...state, tr: typeof operands[0] === 'number' ? operands[0] : 0 };
    else if (SHOW.has(op)) {
      if (state.tr !== 3 && showsText(operands)) return null;
    } else if (op === 'Do') {
      const name = operands.at(-1);
      if (found || !(name instanceof PdfName)) return null;
      found = { name: name.name, ctm: state.ctm };
    } else if (op === 'gs' && operands[0] instanceof PdfName) states.push(operands[0].name);
    else if (op === 'BDC' && operands[0] instanceof PdfName && operands[0].name === 'OC') return null;
    else if (!HARMLESS.has(op)) return null;
    operands = [];
  }
}
