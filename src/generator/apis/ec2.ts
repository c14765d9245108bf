// The catalogue's calls of EC2: describes, launches, security group changes.
import type { Json } from "../json";
import { type ApiSpec, type CallContext, type CallParts, pick } from "./common";

function instanceItems(c: CallContext, n: number): Json {
  const items: Json[] = [];
  for (let i = 0; i < n; i++) items.push({ instanceId: pick(c, c.account.instances) });
  return { items };
}

const INSTANCE_TYPES = ["t3.micro", "t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"];

const PORTS = [22, 443, 3389, 5432, 6379, 8080];

function runInstances(c: CallContext): CallParts {
  const imageId = pick(c, c.account.images);
  const instanceType = pick(c, INSTANCE_TYPES);
  const subnetId = pick(c, c.account.subnets);
  const instanceId = "i-0" + c.random.hex(16);
  return {
    request: {
      instancesSet: { items: [{ imageId, minCount: 1, maxCount: 1 }] },
      instanceType,
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      subnetId,
      disableApiTermination: false,
      disableApiStop: false,
      clientToken: c.random.uuid(),
      tagSpecificationSet: {
        items: [{ resourceType: "instance", tags: [{ key: "Name", value: "worker" }] }],
      },
    },
    response: {
      requestId: c.random.uuid(),
      reservationId: "r-0" + c.random.hex(16),
      ownerId: c.account.id,
      groupSet: {},
      instancesSet: {
        items: [
          {
            instanceId,
            imageId,
            currentInstanceBootMode: "uefi",
            instanceState: { code: 0, name: "pending" },
            privateDnsName: `ip-10-0-${c.random.int(256)}-${c.random.int(256)}.ec2.internal`,
            amiLaunchIndex: 0,
            productCodes: {},
            instanceType,
            launchTime: c.time,
            placement: { availabilityZone: c.region + "a", tenancy: "default" },
            monitoring: { state: "disabled" },
            subnetId,
            vpcId: pick(c, c.account.vpcs),
            privateIpAddress: `10.0.${c.random.int(256)}.${c.random.int(256)}`,
            architecture: "x86_64",
            rootDeviceType: "ebs",
            rootDeviceName: "/dev/xvda",
            virtualizationType: "hvm",
            hypervisor: "xen",
          },
        ],
      },
    },
  };
}

function ingress(c: CallContext): CallParts {
  const groupId = pick(c, c.account.securityGroups);
  const port = pick(c, PORTS);
  const cidrIp = c.random.chance(0.3) ? "0.0.0.0/0" : `10.${c.random.int(256)}.0.0/16`;
  return {
    request: {
      groupId,
      ipPermissions: {
        items: [
          {
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            groups: {},
            ipRanges: { items: [{ cidrIp }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    },
    response: {
      requestId: c.random.uuid(),
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupOwnerId: c.account.id,
            groupId,
            securityGroupRuleId: "sgr-0" + c.random.hex(16),
            isEgress: false,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrIpv4: cidrIp,
          },
        ],
      },
    },
  };
}

export const EC2: ApiSpec[] = [
  {
    source: "ec2.amazonaws.com",
    name: "DescribeInstances",
    readOnly: true,
    build: () => ({ request: { instancesSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeInstanceStatus",
    readOnly: true,
    build: (c) => ({
      request: {
        instancesSet: instanceItems(c, 1 + c.random.int(3)),
        filterSet: {},
        includeAllInstances: false,
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeSecurityGroups",
    readOnly: true,
    build: (c) => ({
      request: {
        securityGroupSet: {},
        securityGroupIdSet: { items: [{ groupId: pick(c, c.account.securityGroups) }] },
        filterSet: {},
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeVpcs",
    readOnly: true,
    build: () => ({ request: { vpcSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeSubnets",
    readOnly: true,
    build: (c) => ({
      request: {
        subnetSet: {},
        filterSet: {
          items: [{ name: "vpc-id", valueSet: { items: [{ value: pick(c, c.account.vpcs) }] } }],
        },
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeVolumes",
    readOnly: true,
    build: (c) => ({
      request: { volumeSet: { items: [{ volumeId: pick(c, c.account.volumes) }] }, filterSet: {} },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeImages",
    readOnly: true,
    build: (c) => ({
      request: {
        executableBySet: {},
        imagesSet: { items: [{ imageId: pick(c, c.account.images) }] },
        ownersSet: {},
        includeDeprecated: false,
        filterSet: {},
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeNetworkInterfaces",
    readOnly: true,
    build: () => ({ request: { networkInterfaceIdSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeAddresses",
    readOnly: true,
    build: () => ({ request: { publicIpsSet: {}, allocationIdsSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "RunInstances",
    readOnly: false,
    build: runInstances,
    errors: [
      {
        errorCode: "Client.VcpuLimitExceeded",
        errorMessage:
          "You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.",
      },
    ],
  },
  {
    source: "ec2.amazonaws.com",
    name: "TerminateInstances",
    readOnly: false,
    build: (c) => {
      const instanceId = pick(c, c.account.instances);
      return {
        request: { instancesSet: { items: [{ instanceId }] } },
        response: {
          requestId: c.random.uuid(),
          instancesSet: {
            items: [
              {
                instanceId,
                currentState: { code: 32, name: "shutting-down" },
                previousState: { code: 16, name: "running" },
              },
            ],
          },
        },
      };
    },
    errors: [
      {
        errorCode: "Client.InvalidInstanceID.NotFound",
        errorMessage: "The instance ID does not exist",
      },
    ],
  },
  {
    source: "ec2.amazonaws.com",
    name: "StartInstances",
    readOnly: false,
    build: (c) => {
      const instanceId = pick(c, c.account.instances);
      return {
        request: { instancesSet: { items: [{ instanceId }] } },
        response: {
          requestId: c.random.uuid(),
          instancesSet: {
            items: [
              {
                instanceId,
                currentState: { code: 0, name: "pending" },
                previousState: { code: 80, name: "stopped" },
              },
            ],
          },
        },
      };
    },
  },
  {
    source: "ec2.amazonaws.com",
    name: "StopInstances",
    readOnly: false,
    build: (c) => {
      const instanceId = pick(c, c.account.instances);
      return {
        request: { instancesSet: { items: [{ instanceId }] }, force: false },
        response: {
          requestId: c.random.uuid(),
          instancesSet: {
            items: [
              {
                instanceId,
                currentState: { code: 64, name: "stopping" },
                previousState: { code: 16, name: "running" },
              },
            ],
          },
        },
      };
    },
  },
  {
    source: "ec2.amazonaws.com",
    name: "CreateTags",
    readOnly: false,
    build: (c) => ({
      request: {
        resourcesSet: { items: [{ resourceId: pick(c, c.account.instances) }] },
        tagSet: {
          items: [
            {
              key: pick(c, ["Owner", "CostCenter", "Environment"]),
              value: pick(c, ["platform", "data", "prod"]),
            },
          ],
        },
      },
      response: { requestId: c.random.uuid(), _return: true },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "AuthorizeSecurityGroupIngress",
    readOnly: false,
    build: ingress,
    errors: [
      {
        errorCode: "Client.InvalidPermission.Duplicate",
        errorMessage: "the specified rule already exists",
      },
    ],
  },
  {
    source: "ec2.amazonaws.com",
    name: "CreateSnapshot",
    readOnly: false,
    build: (c) => ({
      request: { volumeId: pick(c, c.account.volumes), description: "daily backup" },
      response: {
        requestId: c.random.uuid(),
        snapshotId: "snap-0" + c.random.hex(16),
        volumeId: pick(c, c.account.volumes),
        status: "pending",
        startTime: c.time,
        progress: "",
        ownerId: c.account.id,
        volumeSize: 100,
        encrypted: true,
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "SharedSnapshotVolumeCreated",
    readOnly: false,
    eventType: "AwsServiceEvent",
    build: (c) => ({
      request: null,
      serviceEventDetails: { snapshotId: "snap-0" + c.random.hex(16) },
    }),
  },
];
