// Privilege escalation: full administrator rights granted, other users' passwords reset, roles
// passed to new compute.

export const PRIVILEGE_ESCALATION_RULES: readonly string[] = [
  String.raw`title: AdministratorAccess policy attached
id: 9499756b-f608-44eb-b2ce-0d7fa3548969
status: experimental
description: >-
  The AWS managed AdministratorAccess policy was attached to a user, role or group, giving it every
  permission in the account.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.privilege-escalation
  - attack.persistence
  - attack.t1098.003
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName:
      - AttachUserPolicy
      - AttachRolePolicy
      - AttachGroupPolicy
    requestParameters.policyArn|endswith: ':policy/AdministratorAccess'
  condition: selection
falsepositives:
  - Creating an administrators group or a break-glass role
level: high`,

  String.raw`title: IAM policy allowing every action written
id: f9d0c027-3b20-4755-86f2-1108e83c5421
status: experimental
description: >-
  An inline policy was put on a user, role or group, or a managed policy (or a new version of one)
  was created, whose document has "Action": "*" (or "*:*", alone or in a list): administrator
  rights without the AdministratorAccess name. The text match does not see the statement's Effect,
  so a Deny-everything guardrail matches too.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.privilege-escalation
  - attack.persistence
  - attack.t1098.003
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName:
      - PutUserPolicy
      - PutRolePolicy
      - PutGroupPolicy
      - CreatePolicy
      - CreatePolicyVersion
    requestParameters.policyDocument|re: '"Action"\s*:\s*(\[[^\]]*)?"\*(:\*)?"'
  condition: selection
falsepositives:
  - Administrator policies written on purpose, deny-all guardrail policies
level: high`,

  String.raw`title: Console password of another IAM user changed
id: e61094bd-1dcc-44af-9db2-52e6d8b30da6
status: experimental
description: >-
  The console password of a user other than the caller was reset (requestParameters.userName
  differs from userIdentity.userName; roles have no userName, so their calls always qualify). The
  caller can then sign in as that user, with that user's permissions.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.privilege-escalation
  - attack.persistence
  - attack.t1098
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: UpdateLoginProfile
    requestParameters.userName|exists: true
  filter_self:
    requestParameters.userName|fieldref: userIdentity.userName
  condition: selection and not filter_self
falsepositives:
  - Help-desk password resets
level: medium`,

  String.raw`title: Role passed to new compute
id: 3553e928-a01e-46a8-8c5f-4b80b1259996
status: experimental
description: >-
  An EC2 instance was launched with an instance profile, or a Lambda function created with an
  execution role. With iam:PassRole, a caller can hand a more powerful role to code it controls and
  act with that role's rights. Common in normal work: compare the role with the caller's own rights.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.privilege-escalation
  - attack.t1548.005
logsource:
  product: aws
  service: cloudtrail
detection:
  selection_instance:
    eventSource: ec2.amazonaws.com
    eventName: RunInstances
    requestParameters.iamInstanceProfile|exists: true
  selection_function:
    eventSource: lambda.amazonaws.com
    eventName|startswith: CreateFunction
  condition: 1 of selection_*
falsepositives:
  - Ordinary deployments of instances and functions
level: low`,

  String.raw`title: Lambda function execution role changed
id: 1f967594-52f5-4876-8d5a-9f145bcb0967
status: experimental
description: >-
  A function's configuration was updated with a new execution role. Whoever can change the code (or
  already did) now runs with that role's permissions.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.privilege-escalation
  - attack.t1548.005
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: lambda.amazonaws.com
    eventName|startswith: UpdateFunctionConfiguration
    requestParameters.role|exists: true
  condition: selection
falsepositives:
  - Planned permission changes deployed by the usual pipeline
level: medium`,
];
