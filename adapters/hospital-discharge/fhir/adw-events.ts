/**
 * The events of NHS Digital's Assessment, Discharge and Withdrawal (ADW)
 * messages: the notices of the Care Act 2014 Schedule 3 as SNOMED CT codes
 * (value set ADW-MessageEvent-1, refset 75691000000106 "Notices under
 * Schedule 3 of the Care Act 2014"). A trust sends the notices; the council
 * answers each with an accept or reject business response.
 */

export const SNOMED_CT = 'http://snomed.info/sct';

export type AdwNotice = 'ASSESSMENT' | 'DISCHARGE' | 'WITHDRAW_ALL' | 'WITHDRAW_DISCHARGE';

export interface AdwCoding {
  code: string;
  display: string;
}

export const ADW_NOTICE_EVENTS: Readonly<Record<AdwNotice, AdwCoding>> = {
  ASSESSMENT: { code: '975701000000106', display: 'Assessment Notice under the Care Act 2014 Schedule 3' },
  DISCHARGE: { code: '975731000000100', display: 'Discharge Notice under the Care Act 2014 Schedule 3' },
  WITHDRAW_ALL: { code: '975841000000102', display: 'Withdraw All Notices under the Care Act 2014 Schedule 3' },
  WITHDRAW_DISCHARGE: { code: '975851000000104', display: 'Withdraw Discharge Notice Only under the Care Act 2014 Schedule 3' },
};

/** The council's answers. Both withdrawals share one pair of codes. */
export const ADW_RESPONSE_EVENTS: Readonly<Record<AdwNotice, { accept: AdwCoding; reject: AdwCoding }>> = {
  ASSESSMENT: {
    accept: { code: '975711000000108', display: 'Assessment Notice Accept Response under the Care Act 2014 Schedule 3' },
    reject: { code: '975721000000102', display: 'Assessment Notice Reject Response under the Care Act 2014 Schedule 3' },
  },
  DISCHARGE: {
    accept: { code: '975821000000109', display: 'Discharge Notice Agreement under the Care Act 2014 Schedule 3' },
    reject: { code: '975831000000106', display: 'Discharge Notice Disagreement under the Care Act 2014 Schedule 3' },
  },
  WITHDRAW_ALL: {
    accept: { code: '1025651000000109', display: 'Withdraw Notice Accept under the Care Act 2014 Schedule 3' },
    reject: { code: '1025641000000106', display: 'Withdraw Notice Reject under the Care Act 2014 Schedule 3' },
  },
  WITHDRAW_DISCHARGE: {
    accept: { code: '1025651000000109', display: 'Withdraw Notice Accept under the Care Act 2014 Schedule 3' },
    reject: { code: '1025641000000106', display: 'Withdraw Notice Reject under the Care Act 2014 Schedule 3' },
  },
};

export function adwNoticeOf(eventCode: string): AdwNotice | null {
  const found = Object.entries(ADW_NOTICE_EVENTS).find(([, coding]) => coding.code === eventCode);
  return found ? (found[0] as AdwNotice) : null;
}

export function isAdwResponseEvent(eventCode: string): boolean {
  return Object.values(ADW_RESPONSE_EVENTS).some(({ accept, reject }) => accept.code === eventCode || reject.code === eventCode);
}
