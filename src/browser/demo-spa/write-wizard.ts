import type { GatehouseClient } from '../client/index.js';
import { readContext, replaceContext, type StoredContext } from './session-context.js';
import { wizardAnswers } from './wizard-answers.js';

/** After a write: the context as now stored, and whether another tab had made the change moot. */
export interface WizardWrite {
  stored: StoredContext;
  answers: string[];
  overtaken: boolean;
}

/**
 * Stores `change(current answers)` as the wizard's answers, keeping the rest of the session
 * context: one PUT with If-Match on the version last seen (`stored`, read first when null). On 412
 * (another tab wrote first) it reads the context again and retries once; `change` returning null
 * means that tab already did what this write was for, and nothing is written.
 */
export async function writeWizard(
  client: GatehouseClient,
  stored: StoredContext | null,
  change: (answers: string[]) => string[] | null,
): Promise<WizardWrite> {
  let seen = stored ?? (await readContext(client));
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) seen = await readContext(client);
    const answers = change(wizardAnswers(seen.value));
    if (answers === null) {
      return { stored: seen, answers: wizardAnswers(seen.value), overtaken: true };
    }
    const written = await replaceContext(client, { ...seen.value, wizard: { answers } }, seen.etag);
    if (written !== null) return { stored: written, answers, overtaken: false };
  }
  throw new Error('the session context keeps changing in another tab: try again');
}
