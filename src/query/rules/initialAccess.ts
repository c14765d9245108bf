// Initial access: who got in, and how. Root use, console sign-ins without MFA, failed sign-ins.

export const INITIAL_ACCESS_RULES: readonly string[] = [
  String.raw`title: Root user activity
id: 0ca12bd9-ed9e-4030-828d-6b0f27c2e3be
status: experimental
description: >-
  The account's root user signed in or called an API. Root holds every permission, cannot be
  restricted by IAM policies and should be kept for the few tasks that need it. Calls an AWS service
  made on root's behalf (userIdentity.invokedBy set) and service events are left out.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.initial-access
  - attack.privilege-escalation
  - attack.t1078.004
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    userIdentity.type: Root
  filter_service:
    - userIdentity.invokedBy|exists: true
    - eventType: AwsServiceEvent
  condition: selection and not filter_service
falsepositives:
  - Tasks only root can perform (closing the account, changing the support plan, recovering IAM access)
level: high`,

  String.raw`title: Console sign-in without MFA
id: 14ebb6b6-7633-4de9-a1e3-3287cb85f9ae
status: experimental
description: >-
  An IAM user or the root user signed in to the console with a password alone. A stolen password is
  enough to repeat it. Sign-ins through an identity provider (SSO, SAML) appear as assumed roles
  and are left out, since the provider enforces its own MFA.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.initial-access
  - attack.t1078.004
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: signin.amazonaws.com
    eventName: ConsoleLogin
    additionalEventData.MFAUsed: 'No'
    responseElements.ConsoleLogin: Success
    userIdentity.type:
      - IAMUser
      - Root
  condition: selection
falsepositives:
  - Users not yet enrolled in MFA, break-glass accounts
level: medium`,

  String.raw`title: Failed console sign-in
id: 93d1f0be-ec89-41f3-b72d-cd1c587b5b92
status: experimental
description: >-
  A console sign-in was refused (wrong password, unknown user or failed MFA). One failure is usually
  a typo; several for one user or from one address suggest password guessing.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1110
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: ConsoleLogin
    responseElements.ConsoleLogin: Failure
  condition: selection
falsepositives:
  - Mistyped passwords, expired passwords
level: low`,
];
