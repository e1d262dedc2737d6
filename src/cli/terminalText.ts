/**
 * Text for a terminal, made inert: error texts from the org (deploy problems, SOAP faults, HTTP bodies) can
 * carry ANSI/OSC escape sequences that recolour, retitle, hide or hyperlink the admin's terminal. Every human
 * line the output layer prints goes through this; `--json` needs nothing (JSON.stringify escapes them as \u001b)
 * and data the user asked for (`--output -`) is passed through untouched. Pure.
 */
// eslint-disable-next-line no-control-regex
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g; // operating system command: title, hyperlink, clipboard
// eslint-disable-next-line no-control-regex
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g; // control sequence: colours, cursor moves, erase
// eslint-disable-next-line no-control-regex
const OTHER_ESCAPE = /\u001b[@-Z\\-_]?/g; // any other escape, and a lone ESC
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g; // C0 (but tab and newline) and C1 controls, incl. \r

export const inertTerminalText = (text: string): string =>
  text.replace(OSC, '').replace(CSI, '').replace(OTHER_ESCAPE, '').replace(CONTROL, '');
