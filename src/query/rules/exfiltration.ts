// Exfiltration and exposure: snapshots and images shared with other accounts, buckets opened to
// the world, security groups opened to the internet.

export const EXFILTRATION_RULES: readonly string[] = [
  String.raw`title: EBS snapshot shared with another account or made public
id: 3ee99319-f80c-4c53-b59f-3d02d206c8c2
status: experimental
description: >-
  Create-volume permission on an EBS snapshot was granted to an account (userId) or to everyone
  (group all). The receiving account can copy the disk and read everything on it.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.exfiltration
  - attack.t1537
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: ModifySnapshotAttribute
  selection_add:
    - requestParameters.createVolumePermission.add.items.userId|exists: true
    - requestParameters.createVolumePermission.add.items.group: all
  condition: selection and selection_add
falsepositives:
  - Sharing with your own backup or disaster-recovery accounts
level: high`,

  String.raw`title: RDS snapshot shared with another account or made public
id: 1f5b8842-3976-43bc-9f7f-f81781a56f21
status: experimental
description: >-
  The restore attribute of a DB or DB cluster snapshot was given new values: account numbers, or
  "all" for public. Those accounts can restore the database from it.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.exfiltration
  - attack.t1537
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: rds.amazonaws.com
    eventName:
      - ModifyDBSnapshotAttribute
      - ModifyDBClusterSnapshotAttribute
    requestParameters.attributeName: restore
    requestParameters.valuesToAdd|exists: true
  condition: selection
falsepositives:
  - Sharing with your own backup or disaster-recovery accounts
level: high`,

  String.raw`title: AMI shared with another account or made public
id: 19e32e3e-93ae-43a6-b38b-31726b358535
status: experimental
description: >-
  Launch permission on a machine image was granted to an account, an organization or unit, or to
  everyone (group all). The image's disks, with whatever the instance held, go with it.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.exfiltration
  - attack.t1537
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: ModifyImageAttribute
  selection_add:
    - requestParameters.launchPermission.add.items.userId|exists: true
    - requestParameters.launchPermission.add.items.group: all
    - requestParameters.launchPermission.add.items.organizationArn|exists: true
    - requestParameters.launchPermission.add.items.organizationalUnitArn|exists: true
  condition: selection and selection_add
falsepositives:
  - Publishing images to your own accounts or to customers
level: high`,

  String.raw`title: S3 ACL granting access to everyone
id: bd2a0974-3719-4537-acb4-85af67adc293
status: experimental
description: >-
  A bucket or object ACL was set with a grant to AllUsers (anyone) or AuthenticatedUsers (anyone
  with an AWS account), either as an explicit grant or as a canned ACL (public-read,
  public-read-write, authenticated-read).
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.collection
  - attack.exfiltration
  - attack.t1530
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: s3.amazonaws.com
    eventName:
      - PutBucketAcl
      - PutObjectAcl
  selection_grant:
    - requestParameters|contains:
        - acs.amazonaws.com/groups/global/AllUsers
        - acs.amazonaws.com/groups/global/AuthenticatedUsers
    - requestParameters.x-amz-acl:
        - public-read
        - public-read-write
        - authenticated-read
  condition: selection and selection_grant
falsepositives:
  - Buckets that host public websites or downloads
level: high`,

  String.raw`title: S3 bucket policy with a wildcard principal
id: f8386d34-1fad-4ac6-a674-065783bc4c58
status: experimental
description: >-
  A bucket policy was written with an Allow statement and a statement whose principal is "*" (or
  "AWS": "*"). Unless conditions narrow it, anyone can use what the statement grants. The rule sees
  the policy's statements as a set: a Deny statement with principal "*" beside an unrelated Allow
  also matches, so read the policy.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.collection
  - attack.exfiltration
  - attack.t1530
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: s3.amazonaws.com
    eventName: PutBucketPolicy
    requestParameters.bucketPolicy.Statement.Effect: Allow
  selection_anyone:
    - requestParameters.bucketPolicy.Statement.Principal: '\*'
    - requestParameters.bucketPolicy.Statement.Principal.AWS: '\*'
  condition: selection and selection_anyone
falsepositives:
  - Public website buckets, policies whose wildcard is narrowed by conditions
level: high`,

  String.raw`title: S3 bucket policy granting access to AWS account principals
id: 233211e4-27eb-4940-bc57-322785383555
status: experimental
description: >-
  A bucket policy names AWS principals (accounts, users or roles). Granting an outside account
  read access is a quiet way to copy a bucket out. The rule cannot tell your accounts from others:
  compare the account numbers with recipientAccountId and your organization.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.exfiltration
  - attack.t1537
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: s3.amazonaws.com
    eventName: PutBucketPolicy
    requestParameters.bucketPolicy.Statement.Principal.AWS|exists: true
  condition: selection
falsepositives:
  - Known cross-account access (log archive, data sharing with partners)
level: low`,

  String.raw`title: S3 Block Public Access removed or relaxed
id: 507186f6-90a0-4f21-99ae-d9736315af7f
status: experimental
description: >-
  The Block Public Access settings of a bucket or of the whole account were deleted, or rewritten
  with at least one of the four protections off. Public ACLs and policies, refused until now, take
  effect.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.collection
  - attack.exfiltration
  - attack.t1530
logsource:
  product: aws
  service: cloudtrail
detection:
  selection_delete:
    eventSource: s3.amazonaws.com
    eventName:
      - DeleteBucketPublicAccessBlock
      - DeleteAccountPublicAccessBlock
  selection_put:
    eventSource: s3.amazonaws.com
    eventName:
      - PutBucketPublicAccessBlock
      - PutAccountPublicAccessBlock
  selection_off:
    - requestParameters.PublicAccessBlockConfiguration.BlockPublicAcls: 'false'
    - requestParameters.PublicAccessBlockConfiguration.IgnorePublicAcls: 'false'
    - requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy: 'false'
    - requestParameters.PublicAccessBlockConfiguration.RestrictPublicBuckets: 'false'
  condition: selection_delete or (selection_put and selection_off)
falsepositives:
  - Buckets that are meant to be public (websites, downloads)
level: medium`,

  String.raw`title: Security group opened to the whole internet
id: 96dd5c19-9b90-4ee4-a49b-d0ea6da2fa9f
status: experimental
description: >-
  An inbound security group rule was added for 0.0.0.0/0 or ::/0. Whatever listens on those ports
  (SSH, RDP, databases) can now be reached from anywhere: a way in, or a way for data out.
author: Trailview
license: Trailview
date: 2026-12-02
tags:
  - attack.defense-impairment
  - attack.t1686.001
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: AuthorizeSecurityGroupIngress
  selection_world:
    - requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0
    - requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6: ::/0
    - requestParameters.cidrIp: 0.0.0.0/0
  condition: selection and selection_world
falsepositives:
  - Public web servers and load balancers on ports 80 and 443
level: medium`,
];
