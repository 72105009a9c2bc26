// The entry point of every sandbox: BullMQ's child runtime, and a guard that ends the sandbox as soon as
// its parent is gone (killed with SIGKILL, say), even while the sandbox's own thread is stuck in a loop;
// and a collector that keeps its memory flat.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const GUARD = `
const { workerData } = require('node:worker_threads');
setInterval(() => { if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL'); }, 500);
`;

new Worker(GUARD, { eval: true, workerData: { parent: process.ppid } }).unref();
process.on('disconnect', () => process.exit(0));
// Page buffers live outside the JS heap and go only when the heap is collected: collect now and then, so
// a sandbox that has worked through 500 pages holds no more than one that has done five.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) setInterval(gc, 3000).unref();
createRequire(import.meta.url)('bullmq/dist/cjs/classes/main.js');
