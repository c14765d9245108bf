// Defense impairment, the audit trail: CloudTrail, its bucket, AWS Config, VPC flow logs and
// Route 53 resolver query logs switched off, deleted or narrowed.

export const LOGGING_RULES: readonly string[] = [
  String.raw`title: CloudTrail logging stopped or trail deleted
id: 5c7e4bb8-6741-49fd-8760-91aba8ec4edf
status: experimental
description: >-
  A trail stopped logging or was deleted, or a CloudTrail Lake event data store was deleted or
  stopped ingesting. From then on the account's API calls are no longer recorded there. Attempts
  that failed are kept: they show intent.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685.002
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName:
      - StopLogging
      - DeleteTrail
      - DeleteEventDataStore
      - StopEventDataStoreIngestion
  condition: selection
falsepositives:
  - Decommissioning a trail after moving to an organization trail or CloudTrail Lake
level: high`,

  String.raw`title: CloudTrail trail settings changed
id: f9271e6a-abb1-4495-9b19-dd498476b181
status: experimental
description: >-
  A trail's settings or its event selectors changed. An attacker can keep a trail "on" while
  dropping management events, excluding services, sending logs to another bucket or turning off
  log file validation. Compare the new selectors with the old ones.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685.002
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName:
      - UpdateTrail
      - PutEventSelectors
      - PutInsightSelectors
  condition: selection
falsepositives:
  - Planned logging changes, infrastructure-as-code applying trail settings
level: medium`,

  String.raw`title: Policy or lifecycle of a CloudTrail-named bucket changed
id: 468ff062-b64a-42d4-b7cd-b159764bfc01
status: experimental
description: >-
  The bucket policy or lifecycle configuration of a bucket whose name contains "cloudtrail" was
  changed or removed, or such a bucket was deleted. This is a naming heuristic: the rule cannot know
  which bucket a trail writes to, so a log bucket with another name is missed and an unrelated
  bucket with that word in its name is flagged. A new policy can stop CloudTrail from writing; a
  lifecycle rule can expire the logs.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685.002
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: s3.amazonaws.com
    eventName:
      - PutBucketPolicy
      - DeleteBucketPolicy
      - PutBucketLifecycle
      - DeleteBucket
    requestParameters.bucketName|contains: cloudtrail
  condition: selection
falsepositives:
  - Log retention changes made by the team that owns the trail
level: medium`,

  String.raw`title: S3 lifecycle rule expiring objects within three days
id: 97e95705-89da-43d6-8da1-3b572d83c658
status: experimental
description: >-
  A bucket lifecycle configuration now deletes objects at most three days after they are written.
  On a log bucket (CloudTrail, flow logs, access logs) this silently erases evidence; on other
  buckets it destroys data. Short expirations are also normal for scratch buckets, so check what
  the bucket holds.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685.002
  - attack.impact
  - attack.t1485
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: s3.amazonaws.com
    eventName: PutBucketLifecycle
    requestParameters.LifecycleConfiguration.Rule.Expiration.Days|lte: 3
  condition: selection
falsepositives:
  - Temporary or scratch buckets that are meant to be emptied daily
level: low`,

  String.raw`title: AWS Config recording stopped or deleted
id: 5955d1ee-1882-437a-be1a-78453431db3f
status: experimental
description: >-
  The Config recorder was stopped or deleted, or its delivery channel removed. Resource changes
  stop being recorded, and the Config rules that watch them stop evaluating.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685.002
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: config.amazonaws.com
    eventName:
      - StopConfigurationRecorder
      - DeleteConfigurationRecorder
      - DeleteDeliveryChannel
  condition: selection
falsepositives:
  - Moving Config to an organization-wide setup, closing a region
level: high`,

  String.raw`title: VPC flow logs deleted
id: 9a302089-6549-404e-908e-3974dcc93ea2
status: experimental
description: >-
  One or more VPC, subnet or interface flow logs were deleted, so the network traffic they covered
  is no longer recorded.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685.002
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: DeleteFlowLogs
  condition: selection
falsepositives:
  - Tearing down a VPC, replacing a flow log with one of a new format
level: medium`,

  String.raw`title: Route 53 resolver query logging removed
id: b0332a18-7f06-45d5-b272-953584c7796a
status: experimental
description: >-
  A Route 53 Resolver query logging configuration was deleted or detached from a VPC. DNS lookups
  made from that VPC (a common trace of malware and of data leaving by DNS) are no longer logged.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1685.002
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: route53resolver.amazonaws.com
    eventName:
      - DeleteResolverQueryLogConfig
      - DisassociateResolverQueryLogConfig
  condition: selection
falsepositives:
  - Tearing down a VPC, moving query logs to another destination
level: medium`,
];
