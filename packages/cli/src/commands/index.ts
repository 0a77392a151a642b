import type { CliCommand } from '../command';
import { aggregateCommand } from './aggregate';
import { checkCommand } from './check';
import { evalCommand } from './eval';
import { exportCommand } from './export';
import { fmtCommand } from './fmt';
import { inspectCommand } from './inspect';
import { pluginsCommand } from './plugins';
import { reportCommand } from './report';
import { runCommand } from './run';
import { sampleCommand } from './sample';
import { setupCommand } from './setup';
import { sweepCommand } from './sweep';
import { tasksCommand } from './tasks';
import { testbedCommand } from './testbed';

/** Every `spt` command, one file each in this folder. Add yours with one import and one entry. */
export const commands: CliCommand[] = [runCommand, pluginsCommand, sampleCommand, exportCommand, setupCommand, testbedCommand, evalCommand, checkCommand, fmtCommand, reportCommand, aggregateCommand, sweepCommand, inspectCommand, tasksCommand];
