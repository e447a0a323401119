import type { GatehouseClient } from '../client/index.js';
import { fillDefinitionList } from './definition-list.js';
import { element } from './elements.js';
import { readContext, type StoredContext } from './session-context.js';
import { WIZARD_STEPS, wizardAnswers } from './wizard-answers.js';
import { writeWizard } from './write-wizard.js';

/** The demo's multi-step form; its progress lives in the session context, so it survives reloads. */
export interface Wizard {
  /** Reads the session context and shows the step the user is at. */
  load(): Promise<void>;
  /** Hides the form and forgets what it read (signed out). */
  clear(): void;
}

/**
 * Builds the wizard on the page's `wizard-*` elements. Each step writes the whole wizard state
 * with PUT and If-Match, keeping the rest of the context; on 412 (another tab wrote first) it
 * reads the context again and retries once, unless that tab already answered this step.
 */
export function createWizard(client: GatehouseClient): Wizard {
  const ui = {
    section: element('#wizard'),
    form: element<HTMLFormElement>('#wizard-form'),
    step: element('wizard-step'),
    question: element('#wizard-question'),
    input: element<HTMLInputElement>('wizard-input'),
    next: element<HTMLButtonElement>('wizard-next'),
    done: element('wizard-done'),
    answers: element('#wizard-answers'),
    restart: element<HTMLButtonElement>('#wizard-restart'),
    error: element('#wizard-error'),
  };
  let stored: StoredContext | null = null;

  const showError = (message: string | null) => {
    ui.error.textContent = message ?? '';
    ui.error.hidden = message === null;
  };

  function render(answers: string[]): void {
    const current = WIZARD_STEPS[answers.length];
    ui.section.hidden = false;
    ui.form.hidden = current === undefined;
    ui.done.hidden = current !== undefined;
    if (current !== undefined) {
      ui.step.textContent = `Step ${answers.length + 1} of ${WIZARD_STEPS.length}`;
      ui.question.textContent = current.question;
      ui.input.value = '';
      return;
    }
    fillDefinitionList(
      ui.answers,
      WIZARD_STEPS.map((step, i) => [step.name, answers[i] ?? '']),
    );
  }

  /** Writes `change(stored answers)`, then shows where the wizard now stands. */
  async function write(change: (answers: string[]) => string[] | null): Promise<void> {
    const outcome = await writeWizard(client, stored, change);
    stored = outcome.stored;
    render(outcome.answers);
    if (outcome.overtaken) showError('Another tab saved this step first: carry on from here.');
  }

  async function run(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    button.disabled = true;
    showError(null);
    try {
      await work();
    } catch (error) {
      showError(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      button.disabled = false;
    }
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answer = ui.input.value.trim();
    if (answer === '' || stored === null) return;
    const step = wizardAnswers(stored.value).length;
    void run(ui.next, () =>
      write((answers) => (answers.length === step ? [...answers, answer] : null)),
    );
  });
  ui.restart.addEventListener('click', () => void run(ui.restart, () => write(() => [])));

  return {
    async load() {
      showError(null);
      try {
        stored = await readContext(client);
        render(wizardAnswers(stored.value));
      } catch (error) {
        ui.section.hidden = false;
        ui.form.hidden = true;
        ui.done.hidden = true;
        showError(
          `Could not read the session context: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    clear() {
      stored = null;
      ui.section.hidden = true;
      showError(null);
    },
  };
}
