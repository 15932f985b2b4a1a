/**
 * Postgres cannot store a NUL character in text or jsonb (the statement fails), so inputs that may
 * reach the database are checked for one at their edge and refused with a clear error there.
 */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  // JSON bodies are already bounded in size; the depth bound only guards against pathological nesting.
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1));
}
