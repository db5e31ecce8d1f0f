/** Registry of CLI commands: one line per command file. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerDemo } from './demo.js';
import { registerDeploy } from './deploy.js';
import { registerExplain } from './explain.js';
import { registerInit } from './init.js';
import { registerReport } from './report.js';
import { registerValidate } from './validate.js';
import { registerVerify } from './verify.js';

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Every command of the `sra` CLI, in help order. */
export const COMMANDS: RegisterCommand[] = [
  registerDemo,
  registerInit,
  registerValidate,
  registerVerify,
  registerDeploy,
  registerReport,
  registerExplain,
];
