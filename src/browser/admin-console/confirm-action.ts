import { byTestId } from './by-test-id.js';

/**
 * Asks in the page's confirmation `<dialog>` before a destructive action; true only for "yes"
 * (Cancel, Escape and closing the dialog all mean no).
 */
export function confirmAction(message: string, yesLabel: string): Promise<boolean> {
  const dialog = byTestId<HTMLDialogElement>('confirm-dialog');
  const yes = byTestId<HTMLButtonElement>('confirm-yes', dialog);
  const no = byTestId<HTMLButtonElement>('confirm-no', dialog);
  byTestId('confirm-message', dialog).textContent = message;
  yes.textContent = yesLabel;
  return new Promise((resolve) => {
    const answer = (confirmed: boolean) => {
      yes.onclick = no.onclick = dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(confirmed);
    };
    yes.onclick = () => answer(true);
    no.onclick = () => answer(false);
    dialog.onclose = () => answer(false);
    dialog.showModal();
    // The safe choice has the focus: Enter alone never revokes anything.
    no.focus();
  });
}
