// Defense impairment, the watchers: GuardDuty, Security Hub, and leaving the organization (which
// drops its service control policies and delegated security tooling).

export const SECURITY_SERVICE_RULES: readonly string[] = [
  String.raw`title: GuardDuty detector deleted, disabled or detached
id: 4d75727d-2139-4f03-80f7-3856bc7689d6
status: experimental
description: >-
  A GuardDuty detector was deleted or suspended (UpdateDetector with enable false), the account
  left its GuardDuty administrator, or the export of findings was removed. GuardDuty stops watching
  the account or its findings stop reaching the security team.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685
logsource:
  product: aws
  service: cloudtrail
detection:
  selection_source:
    eventSource: guardduty.amazonaws.com
  selection_remove:
    eventName:
      - DeleteDetector
      - DisassociateFromMasterAccount
      - DisassociateFromAdministratorAccount
      - DeletePublishingDestination
  selection_suspend:
    eventName: UpdateDetector
    requestParameters.enable: 'false'
  condition: selection_source and (selection_remove or selection_suspend)
falsepositives:
  - Closing a region or an account, reorganising the GuardDuty administrator account
level: high`,

  String.raw`title: GuardDuty filter that archives findings
id: e186f968-a2ec-4f50-bc81-851e7b9078d3
status: experimental
description: >-
  A GuardDuty filter was created or changed with the ARCHIVE action: every new finding it matches
  is archived on arrival and never shows as active. A broad filter hides an attacker's findings.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: guardduty.amazonaws.com
    eventName:
      - CreateFilter
      - UpdateFilter
    requestParameters.action: ARCHIVE
  condition: selection
falsepositives:
  - Suppression rules for known, accepted findings (check how broad the criteria are)
level: medium`,

  String.raw`title: Security Hub disabled or standards turned off
id: 8ad52ce4-1d9c-4453-979f-96e3d58958cd
status: experimental
description: >-
  Security Hub was disabled, security standards were turned off, findings from an integrated
  product are no longer imported, or the account left its Security Hub administrator.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: securityhub.amazonaws.com
    eventName:
      - DisableSecurityHub
      - BatchDisableStandards
      - DisableImportFindingsForProduct
      - DisassociateFromAdministratorAccount
      - DisassociateFromMasterAccount
  condition: selection
falsepositives:
  - Reducing the standards in use, closing an account
level: high`,

  String.raw`title: Account tried to leave its AWS Organization
id: 691c7e8a-b5cd-4616-973c-8d8c2d7d005b
status: experimental
description: >-
  The account asked to leave its organization. Once out, the organization's service control
  policies, organization trail and delegated security services no longer apply to it. Refused
  attempts are kept.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: organizations.amazonaws.com
    eventName: LeaveOrganization
  condition: selection
falsepositives:
  - An account being moved to another organization
level: high`,
];
