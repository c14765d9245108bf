// Credential access: secrets and decrypted parameters read in bulk, Windows passwords and user data
// fetched, instance-role credentials used away from their instance.

export const CREDENTIAL_ACCESS_RULES: readonly string[] = [
  String.raw`title: Secrets Manager secret value read
id: 24e7f2d9-5c96-47a7-9beb-b698a3917f3a
name: trailview_secret_value_read
status: experimental
description: >-
  One read of secret values: GetSecretValue (one secret) or BatchGetSecretValue (up to 20 per call).
  Routine on its own; counted per principal by the correlation in the same file.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1555.006
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: secretsmanager.amazonaws.com
    eventName:
      - GetSecretValue
      - BatchGetSecretValue
  condition: selection
falsepositives:
  - Applications reading their own secrets
level: informational
---
title: Many secret values read by one principal
id: 314884f6-3a9c-4540-a709-27614f415213
status: experimental
description: >-
  One principal read secret values at least 10 times within 10 minutes. An application usually
  reads a handful of secrets when it starts and caches them; a sweep through the account's secrets
  (after ListSecrets, or with BatchGetSecretValue filters) is how stolen credentials are turned into
  more credentials. 10 leaves room for a service starting several workers, while a sweep of even a
  small account exceeds it.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1555.006
correlation:
  type: event_count
  rules:
    - trailview_secret_value_read
  group-by:
    - userIdentity.arn
  timespan: 10m
  condition:
    gte: 10
falsepositives:
  - Applications that read secrets on every request without caching
  - Secret rotation and backup tooling
level: high`,

  String.raw`title: SSM parameter read with decryption
id: 00dd521f-f3f4-4fca-8343-db261dbaec6f
name: trailview_ssm_parameter_decrypted
status: experimental
description: >-
  One read of Systems Manager parameters with withDecryption true, which returns SecureString
  values in clear text. GetParameters returns up to 10 and GetParametersByPath many per call.
  Counted per principal by the correlation in the same file.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1555.006
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ssm.amazonaws.com
    eventName:
      - GetParameter
      - GetParameters
      - GetParametersByPath
      - GetParameterHistory
    requestParameters.withDecryption: 'true'
  condition: selection
falsepositives:
  - Applications reading their own configuration
level: informational
---
title: Many SSM parameters decrypted by one principal
id: 8308afb0-f8d7-4c5a-b2b5-3f983dc3374f
status: experimental
description: >-
  One principal read decrypted SSM parameters at least 10 times within 10 minutes. Applications
  read their few parameters at start-up; walking the parameter store and decrypting everything is
  credential harvesting. Each call may return several values, so 10 calls can mean far more secrets.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1555.006
correlation:
  type: event_count
  rules:
    - trailview_ssm_parameter_decrypted
  group-by:
    - userIdentity.arn
  timespan: 10m
  condition:
    gte: 10
falsepositives:
  - Configuration tools that render every parameter (for example a deployment reading a whole path)
level: high`,

  String.raw`title: EC2 Windows password data requested
id: 54470811-b4fe-41eb-aae6-eadbf552ac17
status: experimental
description: >-
  GetPasswordData returns the encrypted local administrator password of a Windows instance; with
  the launch key pair it decrypts to a working login. Repeated calls across many instances, or
  refused ones, point to someone trying their luck.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1552
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: GetPasswordData
  condition: selection
falsepositives:
  - Administrators retrieving the password of a Windows instance they launched
level: medium`,

  String.raw`title: EC2 instance user data read
id: f920f79c-8fd5-4bc1-984c-06c190432f78
status: experimental
description: >-
  An instance's user data (its boot script) was read through the API. User data often carries
  passwords, tokens and keys written into launch scripts.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1552
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: DescribeInstanceAttribute
    requestParameters.attribute: userData
  condition: selection
falsepositives:
  - Infrastructure-as-code refreshing instance state, administrators debugging boot scripts
level: low`,

  String.raw`title: EC2 instance-role session calling from an IP address
id: d900aff7-00b7-4245-a41c-991f2556c2a3
status: experimental
description: >-
  A role session named after an EC2 instance (principalId ends in ":i-...") called AWS from an IP
  address. The attack behind this rule is instance credentials taken from the metadata service and
  used from elsewhere; the tell-tale is an address outside AWS, and which addresses AWS owns cannot
  be known offline, so every call made from an IP address is flagged and the SSM agent's own calls
  are left out. Compare the address with the instance's own public or NAT address and with the
  other addresses of the same session: one address that stands out is the finding. Calls through
  VPC endpoints show private addresses.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.credential-access
  - attack.t1552.005
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    userIdentity.type: AssumedRole
    userIdentity.arn|contains: ':assumed-role/'
    userIdentity.principalId|contains: ':i-'
    sourceIPAddress|cidr:
      - 0.0.0.0/0
      - ::/0
  filter_agent:
    userAgent|contains: amazon-ssm-agent
  condition: selection and not filter_agent
falsepositives:
  - Software on the instance calling AWS with its own role (the normal case)
level: low`,
];
