// The UAPI header checks (gcc's _Static_assert) live in @linx/test-kit, shared with rtnl's tests.
export { uapiSkipReason, uapiMismatches, cName, attributeConstants, valueConstants } from '@linx/test-kit';
