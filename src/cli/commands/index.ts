import type { Command } from '../types';
import { analyzeCommand } from './analyze';
import { decodeCommand } from './decode';
import { recordCommand } from './record';
import { reportCommand } from './report';
import { scanCommand } from './scan';
import { sessionsCommand } from './sessions';

/** Every subcommand, in the order the global help lists them. Add new commands here. */
export const commands: Command[] = [
  analyzeCommand,
  decodeCommand,
  scanCommand,
  recordCommand,
  reportCommand,
  sessionsCommand,
];
