// Discovery: bursts of read calls and runs of refused calls from one principal, the traces of
// someone mapping an account or testing what a stolen credential may do.

export const DISCOVERY_RULES: readonly string[] = [
  String.raw`title: Read-only API call (List, Describe, Get)
id: eac2766d-ebba-4db0-8515-d93ed4694aa0
name: trailview_read_call
status: experimental
description: >-
  One management read call whose name starts with List, Describe or Get. Calls by AWS services and
  data events (managementEvent false, such as S3 GetObject) are left out. Counted per principal by
  the correlation in the same file.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.discovery
  - attack.t1580
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName|startswith:
      - List
      - Describe
      - Get
  filter_service:
    userIdentity.type: AWSService
  filter_data:
    managementEvent: 'false'
  condition: selection and not 1 of filter_*
falsepositives:
  - Everything that reads the account
level: informational
---
title: Burst of read calls from one principal
id: df4a2592-411b-4eaf-ab88-bc0bc3332f8c
status: experimental
description: >-
  One principal made at least 50 List, Describe or Get calls within 10 minutes. Enumeration tools
  (and people exploring a new credential) read one service after another at this pace; a person
  working in the console or an application doing its job rarely sustains five calls a minute for
  ten minutes. Low level: infrastructure-as-code runs and security scanners do the same.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.discovery
  - attack.t1580
correlation:
  type: event_count
  rules:
    - trailview_read_call
  group-by:
    - userIdentity.arn
  timespan: 10m
  condition:
    gte: 50
falsepositives:
  - Terraform or CloudFormation refreshing state
  - Security posture scanners, inventory and cost tools
level: low`,

  String.raw`title: API call refused for lack of permission
id: 28b05af9-49fe-4fe2-b10e-0d930963ef09
name: trailview_access_denied
status: experimental
description: >-
  One call refused with AccessDenied (or AccessDeniedException) or UnauthorizedOperation. Counted
  per principal by the correlation in the same file.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.discovery
  - attack.t1580
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    errorCode|contains:
      - AccessDenied
      - UnauthorizedOperation
  condition: selection
falsepositives:
  - Misconfigured permissions
level: informational
---
title: Many refused calls from one principal
id: b315efa4-aa99-4229-8ee4-c2f000be8f0a
status: experimental
description: >-
  One principal had at least 10 calls refused for lack of permission within 10 minutes. Someone
  holding a credential of unknown rights tries one action after another and collects denials; a
  working application hits the same missing permission a few times and is fixed. 10 is above a
  retry loop's first few attempts and below what even a small enumeration script produces.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.discovery
  - attack.t1580
correlation:
  type: event_count
  rules:
    - trailview_access_denied
  group-by:
    - userIdentity.arn
  timespan: 10m
  condition:
    gte: 10
falsepositives:
  - An application retrying after its permissions were narrowed
  - Console pages that probe permissions the user lacks
level: medium`,
];
