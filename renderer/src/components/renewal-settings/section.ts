import type { RenewalDraft, RenewalErrors, RenewalField } from './renewal-settings.ts';

/** What each part of the renewal settings form gets: the draft, how to change it, its errors. */
export interface SectionProps {
  /** The form's id prefix; a field's control is fieldId(id, field). */
  id: string;
  d: RenewalDraft;
  update: (patch: Partial<RenewalDraft>) => void;
  errors: RenewalErrors;
}

/** The element that takes focus for a field (the PFX password sits inside the PFX field group). */
export const fieldId = (id: string, field: RenewalField): string => (field === 'password' ? `${id}-pfxPath-pw` : `${id}-${field}`);
