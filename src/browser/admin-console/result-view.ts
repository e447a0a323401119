import { byTestId } from './by-test-id.js';

/** The `result` line: the outcome of the last action in words, or why it failed (class `error`). */
export const resultView = {
  success(text: string): void {
    const result = byTestId('result');
    result.classList.remove('error');
    result.textContent = text;
  },
  failure(error: unknown): void {
    const result = byTestId('result');
    result.classList.add('error');
    // An AdminApiError reads "<problem title>: <problem detail>".
    result.textContent = error instanceof Error ? error.message : 'Something went wrong';
  },
};
