/**
 * Jest setup file: mirrors console output and n8n's logger into the secret-scan collector.
 *
 * The suite's own reports (coverage tables, benchmark rows, reliability figures) are collected
 * but not printed unless VERBOSE=1 is set, so that a failure is easy to find in `npm test`.
 * Warnings and errors are always printed.
 */
import { LoggerProxy } from 'n8n-workflow';

import { collect } from './secretScan';

const verbose = /^(1|true|yes)$/i.test(process.env.VERBOSE ?? '');

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	const original = console[method].bind(console);
	const print = verbose || method === 'warn' || method === 'error';
	console[method] = (...args: unknown[]) => {
		collect(`console.${method}`, args);
		if (print) original(...args);
	};
}

const log = (level: string) => (message: string, meta?: object) => collect(`n8n.${level}`, { message, meta });
LoggerProxy.init({
	error: log('error'),
	warn: log('warn'),
	info: log('info'),
	debug: log('debug'),
	verbose: log('verbose'),
} as never);
