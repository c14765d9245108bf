// Persistence: new identities, new credentials for existing ones, doors left open in trust
// policies, and Lambda functions turned into backdoors.

export const PERSISTENCE_RULES: readonly string[] = [
  String.raw`title: IAM user created
id: d70f5462-171a-4135-9897-03f4222b36e3
status: experimental
description: >-
  A new IAM user was created. Long-lived users are a favourite way to keep access, and in accounts
  that sign in through SSO new IAM users are rare. Look at what is attached to the user next
  (access keys, a console password, policies).
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.t1136.003
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: CreateUser
  condition: selection
falsepositives:
  - Onboarding, service users created by infrastructure-as-code
level: medium`,

  String.raw`title: Console password created for an IAM user
id: fc39694d-a65f-485c-a7ad-d306f68aa3ff
status: experimental
description: >-
  A console password (login profile) was created for an IAM user, giving that identity console
  access it may not have had. With an attacker-chosen password this is a ready-made way back in.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.t1098
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: CreateLoginProfile
  condition: selection
falsepositives:
  - Administrators giving a new colleague console access
level: medium`,

  String.raw`title: Access key created for another IAM user
id: bcb3061d-be7e-4cb2-8c9c-1199f69c856d
status: experimental
description: >-
  An access key was created for a user other than the caller (requestParameters.userName is set and
  differs from userIdentity.userName; roles and root have no userName, so their calls always
  qualify). A key added to someone else's user survives a reset of the caller's own credentials.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.t1098.001
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: CreateAccessKey
    requestParameters.userName|exists: true
  filter_self:
    requestParameters.userName|fieldref: userIdentity.userName
  condition: selection and not filter_self
falsepositives:
  - Administrators or automation issuing keys for service users
level: medium`,

  String.raw`title: IAM role trust policy changed
id: 9974939e-1816-482c-822b-921c7f29a94b
status: experimental
description: >-
  A role's trust policy (who may assume it) was replaced. Adding an outside account, a user or a
  wildcard to it gives a durable way in that no credential rotation removes. Read the new policy
  document.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.privilege-escalation
  - attack.t1098.003
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: UpdateAssumeRolePolicy
  condition: selection
falsepositives:
  - Planned changes to cross-account access, infrastructure-as-code
level: medium`,

  String.raw`title: IAM role trust policy open to any AWS principal
id: 845f17f9-7e14-4345-aed9-7706a66c9019
status: experimental
description: >-
  A role was created, or its trust policy replaced, with a wildcard principal ("Principal": "*" or
  "AWS": "*"). Anyone in any AWS account can then try to assume it; only conditions, if any, stand
  in the way.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.privilege-escalation
  - attack.t1098.003
logsource:
  product: aws
  service: cloudtrail
detection:
  selection_create:
    eventSource: iam.amazonaws.com
    eventName: CreateRole
    requestParameters.assumeRolePolicyDocument|re: '"(Principal|AWS)"\s*:\s*(\[[^\]]*)?"\*"'
  selection_update:
    eventSource: iam.amazonaws.com
    eventName: UpdateAssumeRolePolicy
    requestParameters.policyDocument|re: '"(Principal|AWS)"\s*:\s*(\[[^\]]*)?"\*"'
  condition: 1 of selection_*
falsepositives:
  - Wildcard trust restricted by conditions such as aws:PrincipalOrgID (check the policy)
level: high`,

  String.raw`title: IAM role created trusting an AWS account or IAM principal
id: 3454ee23-693f-487e-89f2-32f702925d5e
status: experimental
description: >-
  A role was created whose trust policy names an AWS principal (an account, user or role) rather
  than only a service. The rule cannot tell the caller's own account from another one: compare the
  account numbers in the policy with recipientAccountId.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.t1098.003
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: CreateRole
    requestParameters.assumeRolePolicyDocument|contains: '"AWS"'
  condition: selection
falsepositives:
  - Roles meant for people or tools in the same account, known cross-account roles
level: low`,

  String.raw`title: IAM Roles Anywhere trust anchor created or changed
id: 7091e0c5-c7a1-49ad-82d3-e6e1362bbb64
status: experimental
description: >-
  A Roles Anywhere trust anchor was created or updated. Anyone holding a certificate signed by the
  anchor's certificate authority can then obtain role credentials from outside AWS, without any IAM
  user or access key.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.t1098
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: rolesanywhere.amazonaws.com
    eventName:
      - CreateTrustAnchor
      - UpdateTrustAnchor
  condition: selection
falsepositives:
  - Setting up Roles Anywhere for on-premises workloads
level: medium`,

  String.raw`title: Federation token requested
id: 63f5cd6e-a962-47de-ba84-c44e5a3ef145
status: experimental
description: >-
  An IAM user asked STS for a federation token: temporary credentials, valid for up to 36 hours,
  that keep working after the user's access key is disabled or deleted.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.t1098.001
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: sts.amazonaws.com
    eventName: GetFederationToken
  condition: selection
falsepositives:
  - Identity brokers and older federation proxies built on GetFederationToken
level: medium`,

  String.raw`title: Lambda function made invocable by anyone
id: c7e3ac31-0bc4-43e1-9dae-f023321522ed
status: experimental
description: >-
  A Lambda resource policy statement was added with principal "*": any AWS account can invoke the
  function (and, for a function URL without authentication, anyone at all). Combined with code the
  attacker controls this is a public backdoor.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.execution
  - attack.t1648
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: lambda.amazonaws.com
    eventName|startswith: AddPermission
    requestParameters.principal: '\*'
  condition: selection
falsepositives:
  - Public endpoints that are meant to be public (check for source account or ARN conditions)
level: high`,

  String.raw`title: Lambda function code replaced
id: 8b5e7624-439a-4329-9a00-c12c9cb4e52b
status: experimental
description: >-
  A function's code was replaced. Every later invocation runs the new code with the function's role,
  which makes it a quiet place for a backdoor or a credential stealer.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.execution
  - attack.t1648
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: lambda.amazonaws.com
    eventName|startswith: UpdateFunctionCode
  condition: selection
falsepositives:
  - Every deployment; look for callers other than the usual pipeline
level: low`,

  String.raw`title: Lambda layer published or attached
id: 310e2b1b-dd1e-459f-8a9a-b9f1531b4e50
status: experimental
description: >-
  A layer version was published, or a function's configuration was updated with a list of layers.
  Layer code (and extensions in it) runs inside the function before the handler, so a layer can
  tamper with every invocation without touching the function's own code.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.persistence
  - attack.execution
  - attack.t1648
logsource:
  product: aws
  service: cloudtrail
detection:
  selection_publish:
    eventSource: lambda.amazonaws.com
    eventName|startswith: PublishLayerVersion
  selection_attach:
    eventSource: lambda.amazonaws.com
    eventName|startswith: UpdateFunctionConfiguration
    requestParameters.layers|exists: true
  condition: 1 of selection_*
falsepositives:
  - Deployments that use layers for shared libraries or monitoring agents
level: medium`,
];
