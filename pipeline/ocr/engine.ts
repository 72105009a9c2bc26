// tesseract.js engines, created once per process and reused across jobs. Language data comes from npm
// packages (@tesseract.js-data/*) with an explicit langPath: nothing is ever downloaded.
import { createRequire } from 'node:module';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { RetryableError } from '../../core/errors.ts';
import type { OcrLine, OcrPage, OcrWord } from './schema.ts';

const require = createRequire(import.meta.url);

function langPath(lang: string, variant: '4.0.0' | '4.0.0_best_int'): string {
  return require.resolve(`@tesseract.js-data/${lang}/package.json`).replace(/package\.json$/, variant);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RetryableError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface Slot {
  worker: Promise<Worker>;
  busy: boolean;
}

/** A small pool of recognisers plus one orientation detector (OSD, legacy engine). */
export class OcrEngine {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<(s: Slot) => void> = [];
  private osd: Promise<Worker> | undefined;
  private osdQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly size: number,
    private readonly languages: string[] = ['deu'],
  ) {}

  private newWorker(): Promise<Worker> {
    const langs = this.languages.join('+');
    // One language package per language; tesseract.js takes one langPath, so all must share a layout.
    const path = langPath(this.languages[0]!, '4.0.0_best_int');
    return withTimeout(
      createWorker(langs, OEM.LSTM_ONLY, { langPath: path, gzip: true, cacheMethod: 'none' }),
      60_000,
      'OCR engine start',
    );
  }

  private async acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return free;
    }
    if (this.slots.length < this.size) {
      const slot: Slot = { worker: this.newWorker(), busy: true };
      this.slots.push(slot);
      slot.worker.catch(() => this.slots.splice(this.slots.indexOf(slot), 1));
      return slot;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** Recognises one page image (PNG with its dpi). A page that takes longer than timeoutMs kills its worker. */
  async recognize(png: Buffer, timeoutMs: number): Promise<OcrPage> {
    const slot = await this.acquire();
    try {
      const worker = await slot.worker;
      const r = await withTimeout(
        worker.recognize(png, {}, { blocks: true, text: false }),
        timeoutMs,
        'OCR of a page',
      );
      return { ...toPage(r.data), ...pngSize(png) };
    } catch (e) {
      // A timed-out or crashed worker cannot be trusted again: replace it.
      void slot.worker.then((w) => w.terminate()).catch(() => {});
      slot.worker = this.newWorker();
      slot.worker.catch(() => {});
      throw e instanceof RetryableError
        ? e
        : new RetryableError(`OCR failed: ${(e as Error).message}`, { cause: e });
    } finally {
      this.release(slot);
    }
  }

  /**
   * Starts an engine before the first page needs it (a sandbox warms up while the pipeline is still
   * splitting): a recogniser, or the orientation detector.
   */
  warm(what: 'ocr' | 'osd'): void {
    if (what === 'osd') void this.osdWorker().catch(() => {});
    else if (!this.slots.length) {
      const slot: Slot = { worker: this.newWorker(), busy: false };
      this.slots.push(slot);
      slot.worker.catch(() => this.slots.splice(this.slots.indexOf(slot), 1));
    }
  }

  private osdWorker(): Promise<Worker> {
    this.osd ??= withTimeout(
      createWorker('osd', OEM.TESSERACT_ONLY, {
        langPath: langPath('osd', '4.0.0'),
        gzip: true,
        cacheMethod: 'none',
        legacyCore: true,
        legacyLang: true,
      }),
      60_000,
      'OSD engine start',
    );
    this.osd.catch(() => (this.osd = undefined)); // a failed start is tried again with the next page
    return this.osd;
  }

  /** Clockwise rotation (0/90/180/270) that makes the page upright, or null when OSD cannot tell. */
  async detectOrientation(png: Buffer): Promise<{ degrees: number; confidence: number } | null> {
    const run = this.osdQueue.then(async () => {
      const worker = await this.osdWorker();
      const r = await withTimeout(worker.detect(png), 60_000, 'orientation detection');
      const deg = r.data.orientation_degrees;
      return deg === null || deg === undefined
        ? null
        : { degrees: deg, confidence: r.data.orientation_confidence ?? 0 };
    });
    this.osdQueue = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    const all = [...this.slots.map((s) => s.worker), ...(this.osd ? [this.osd] : [])];
    await Promise.allSettled(all.map((w) => w.then((x) => x.terminate())));
  }
}

/** Pixel size from a PNG's header (IHDR), so readers can place words on the page in millimetres. */
function pngSize(png: Buffer): { width?: number; height?: number } {
  if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') return {};
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface TessBlock {
  paragraphs: Array<{
    lines: Array<{ words: Array<{ text: string; confidence: number; bbox: OcrWord['bbox'] }> }>;
  }>;
}

function toPage(data: { blocks?: TessBlock[] | null; confidence?: number; imageWidth?: number }): OcrPage {
  const lines: OcrLine[] = [];
  let sum = 0;
  let n = 0;
  for (const block of data.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const words = line.words
          .filter((w) => w.text.trim() !== '')
          .map((w) => ({ text: w.text, confidence: w.confidence, bbox: w.bbox }));
        for (const w of words) {
          sum += w.confidence;
          n++;
        }
        if (words.length) lines.push({ words });
      }
      lines.push({ words: [] });
    }
  }
  return { lines, meanConfidence: n ? sum / n / 100 : 0 };
}
