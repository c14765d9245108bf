// Impact: compute and AI models hijacked, data destroyed in bulk, encryption keys taken away.

export const IMPACT_RULES: readonly string[] = [
  String.raw`title: EC2 instances of an unusual type launched
id: 2bf123f0-0249-4ff2-8057-602e9be3437a
status: experimental
description: >-
  Instances of a GPU, machine-learning, high-memory or bare-metal family were requested (p*, g*,
  x*, u-*, trn*, inf*, dl*, *.metal). These are what cryptominers and stolen-credential resale ask
  for, and what few workloads use. Refused requests (vCPU limit exceeded) are kept.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.impact
  - attack.t1496.001
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: RunInstances
  type_family:
    requestParameters.instanceType|startswith:
      - p
      - g
      - x
      - u-
      - trn
      - inf
      - dl
  type_metal:
    requestParameters.instanceType|endswith: .metal
  condition: selection and 1 of type_*
falsepositives:
  - Teams that train models or render on GPUs
level: medium`,

  String.raw`title: Bedrock model invoked by an IAM user or role
id: 03b11853-f10a-4e33-9a4d-4046a1364a49
status: experimental
description: >-
  An IAM user or an assumed role invoked a Bedrock model (InvokeModel, Converse and their streaming
  forms). Stolen keys are resold to run models at the owner's expense; an account that does not use
  Bedrock should see none of these.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.impact
  - attack.t1496.004
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: bedrock.amazonaws.com
    eventName:
      - InvokeModel
      - InvokeModelWithResponseStream
      - Converse
      - ConverseStream
    userIdentity.type:
      - IAMUser
      - AssumedRole
  condition: selection
falsepositives:
  - Applications built on Bedrock
level: low`,

  String.raw`title: Destructive call (delete or terminate)
id: ad76d4da-f694-479d-be0d-4e2ba7222617
name: trailview_destructive_call
status: experimental
description: >-
  One call that destroys data or compute: S3 object or bucket deletion, instance termination, and
  deletion of databases, volumes and snapshots. S3 object deletions appear only when the trail logs
  S3 data events. Counted per principal by the correlation in the same file.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.impact
  - attack.t1485
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName:
      - DeleteObject
      - DeleteObjects
      - DeleteBucket
      - TerminateInstances
      - DeleteDBInstance
      - DeleteDBCluster
      - DeleteVolume
      - DeleteSnapshot
      - DeleteDBSnapshot
      - DeleteDBClusterSnapshot
  condition: selection
falsepositives:
  - Clean-up jobs, autoscaling
level: informational
---
title: Mass deletion by one principal
id: 6a956efa-9f23-4eb6-b578-2f8b407e2bb9
status: experimental
description: >-
  One principal issued at least 20 deleting or terminating calls within 10 minutes. Ransom and
  sabotage wipe buckets, databases, instances and their backups in a short burst; day-to-day work
  deletes a few things at a time. 20 is above what a person clicking through the console does in
  ten minutes, and teardown by automation is the expected exception.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.impact
  - attack.t1485
correlation:
  type: event_count
  rules:
    - trailview_destructive_call
  group-by:
    - userIdentity.arn
  timespan: 10m
  condition:
    gte: 20
falsepositives:
  - Infrastructure-as-code destroying a stack, lifecycle and clean-up jobs running as a user
level: high`,

  String.raw`title: KMS key disabled or scheduled for deletion
id: d9f9aac1-20dd-4c58-ab39-8332b9f1ece4
status: experimental
description: >-
  A KMS key was disabled or scheduled for deletion. Everything encrypted with it (volumes,
  snapshots, buckets, databases, secrets) becomes unreadable; once deletion completes, for good.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.impact
  - attack.t1485
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: kms.amazonaws.com
    eventName:
      - ScheduleKeyDeletion
      - DisableKey
  condition: selection
falsepositives:
  - Retiring keys that are no longer used
level: high`,
];
