// The catalogue's calls of Systems Manager.
import { type ApiSpec, pick } from "./common";

export const SSM: ApiSpec[] = [
  {
    source: "ssm.amazonaws.com",
    name: "UpdateInstanceInformation",
    readOnly: false,
    build: (c) => {
      const a = c.random.int(256);
      const b = c.random.int(256);
      return {
        request: {
          instanceId: c.principal.sessionName,
          agentVersion: "3.3.40.0",
          agentStatus: "Active",
          platformType: "Linux",
          platformName: "Amazon Linux",
          platformVersion: "2023",
          iPAddress: `10.0.${a}.${b}`,
          computerName: `ip-10-0-${a}-${b}.ec2.internal`,
          agentName: "amazon-ssm-agent",
          availabilityZone: c.region + "b",
        },
      };
    },
  },
  {
    source: "ssm.amazonaws.com",
    name: "ListInstanceAssociations",
    readOnly: true,
    build: (c) => ({
      request: {
        instanceId: c.principal.sessionName || pick(c, c.account.instances),
        maxResults: 20,
      },
    }),
  },
  {
    source: "ssm.amazonaws.com",
    name: "GetParameter",
    readOnly: true,
    build: (c) => ({ request: { name: pick(c, c.account.parameters), withDecryption: true } }),
    errors: [{ errorCode: "ParameterNotFound", errorMessage: "Parameter /legacy/flag not found." }],
  },
  {
    source: "ssm.amazonaws.com",
    name: "GetParameters",
    readOnly: true,
    build: (c) => ({
      request: {
        names: [pick(c, c.account.parameters), pick(c, c.account.parameters)],
        withDecryption: false,
      },
    }),
  },
  {
    source: "ssm.amazonaws.com",
    name: "DescribeInstanceInformation",
    readOnly: true,
    build: () => ({ request: { maxResults: 50 } }),
  },
  {
    source: "ssm.amazonaws.com",
    name: "StartSession",
    readOnly: false,
    build: (c) => ({
      request: { target: pick(c, c.account.instances) },
      response: {
        sessionId: `${c.principal.sessionName || c.principal.userName}-${c.random.hex(17)}`,
        tokenValue: "Value hidden due to security reasons.",
        streamUrl: `wss://ssmmessages.${c.region}.amazonaws.com/v1/data-channel/${c.random.hex(17)}?role=publish_subscribe&cell-number=AAEAAQ`,
      },
    }),
  },
];
