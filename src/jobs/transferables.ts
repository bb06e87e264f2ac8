/**
 * Which buffers of a chunk result can be transferred (moved) to the main thread instead of copied.
 * Only a typed array that covers its whole ArrayBuffer is moved: moving detaches the entire buffer
 * in the worker, which would silently break a view into a larger buffer the task still uses.
 * Views into part of a buffer, and SharedArrayBuffers, are left to structured clone.
 */
const MAX_DEPTH = 4;

export function collectTransferables(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  visit(value, 0, found);
  return [...found];
}

function visit(value: unknown, depth: number, found: Set<ArrayBuffer>): void {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return;
  if (value instanceof ArrayBuffer) {
    found.add(value);
  } else if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength) {
      found.add(buffer);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) visit(item, depth + 1, found);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) visit(item, depth + 1, found);
  } else if (value instanceof Map) {
    for (const item of value.values()) visit(item, depth + 1, found);
  }
}
