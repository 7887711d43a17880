export { NfacctQuotaMonitor, type NfacctQuotaEvent } from './quota-monitor.js';
export { Nfacct, type NfacctObject, type NfacctQuota, type NfacctSpec, type NfacctReadOptions, type NfacctListOptions } from './nfacct.js';
export { nfacctMessage, nfacctAttrs, nfacctFilterAttrs, nfacctMsgValues, nfacctFlagsValues, NFACCT_NAME_MAX } from './messages.js';
