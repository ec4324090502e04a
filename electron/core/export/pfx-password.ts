/**
 * Generated PFX passwords. People read these off a screen and type or paste them into an IIS,
 * Exchange or appliance dialog, so they use only characters no font confuses and are grouped.
 */
import { randomInt } from 'node:crypto';

/**
 * 32 symbols (5 bits each): digits 2-9 and capitals without I and O, so there is no 0/O, 1/I/l
 * to mix up and no case to get wrong. A power of two keeps every symbol equally likely.
 */
export const PFX_PASSWORD_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * A random password like `K7MPQ-3XD9R-WZ2HN-8BCTF`: 4 groups of 5 symbols, 20 × 5 = 100 bits
 * from the CSPRNG. The hyphens carry no entropy and are part of the password.
 */
export function generatePfxPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += PFX_PASSWORD_ALPHABET[randomInt(PFX_PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
