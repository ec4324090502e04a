/**
 * The only two IPC channels between preload and main. There is deliberately no channel per
 * method and no channel-name passthrough from the page (Electron security checklist 20): the
 * method name travels as data and main checks it against the contract.
 */
export const API_CALL_CHANNEL = 'persistcert:call';
export const API_EVENT_CHANNEL = 'persistcert:event';
