import type { CliCommand } from '../command';

/** Every `spt` command, one file each in this folder. Add yours with one import and one entry. */
export const commands: CliCommand[] = [];
