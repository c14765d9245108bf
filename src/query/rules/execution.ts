// Execution and lateral movement: commands and shells on instances through Systems Manager, boot
// scripts rewritten, SSH keys pushed through EC2 Instance Connect.

export const EXECUTION_RULES: readonly string[] = [
  String.raw`title: Command or shell session on an instance through SSM
id: f7819495-e435-4091-919f-cc6e7a851817
status: experimental
description: >-
  Systems Manager ran a command document on instances (SendCommand, as root or SYSTEM) or opened an
  interactive shell (StartSession). Either one runs code on the instance with no SSH key and no
  open port, and what was run does not appear in CloudTrail.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.execution
  - attack.t1651
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ssm.amazonaws.com
    eventName:
      - SendCommand
      - StartSession
  condition: selection
falsepositives:
  - Patch management, State Manager associations, administrators using Session Manager
level: medium`,

  String.raw`title: EC2 instance user data changed
id: 745cb7dc-8701-4975-84ea-ec1811c2f84d
status: experimental
description: >-
  An instance's user data was replaced. User data runs as root at boot; cloud-init runs scripts
  once per instance by default, but the new user data can ask to run at every start, so a stop,
  change and start runs the attacker's code on the instance.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.execution
  - attack.persistence
  - attack.t1059.009
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: ModifyInstanceAttribute
  selection_user_data:
    - requestParameters.userData|exists: true
    - requestParameters.attribute: userData
  condition: selection and selection_user_data
falsepositives:
  - Rebuilding an instance's boot configuration during maintenance
level: high`,

  String.raw`title: SSH key pushed through EC2 Instance Connect
id: 607b7d54-f397-410c-a6be-667b96a95a5a
status: experimental
description: >-
  A public key was pushed to an instance through EC2 Instance Connect (SSH) or to its serial
  console. The key is accepted for 60 seconds, long enough to log in without any key pair stored on
  the instance.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.lateral-movement
  - attack.t1021.008
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2-instance-connect.amazonaws.com
    eventName:
      - SendSSHPublicKey
      - SendSerialConsoleSSHPublicKey
  condition: selection
falsepositives:
  - Administrators connecting from the console's Connect button
level: medium`,
];
