// The catalogue's calls of CloudWatch Logs.
import { isoSeconds } from "../json";
import { type ApiSpec, pick } from "./common";

export const LOGS: ApiSpec[] = [
  {
    source: "logs.amazonaws.com",
    name: "DescribeLogGroups",
    readOnly: true,
    build: () => ({ request: { limit: 50 } }),
  },
  {
    source: "logs.amazonaws.com",
    name: "DescribeLogStreams",
    readOnly: true,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        orderBy: "LastEventTime",
        descending: true,
        limit: 50,
      },
    }),
  },
  {
    source: "logs.amazonaws.com",
    name: "CreateLogStream",
    readOnly: false,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        logStreamName: `${isoSeconds(c.time).slice(0, 10).replace(/-/g, "/")}/[$LATEST]${c.random.hex(32)}`,
      },
    }),
  },
  {
    source: "logs.amazonaws.com",
    name: "FilterLogEvents",
    readOnly: true,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        startTime: c.time - 3_600_000,
        endTime: c.time,
        filterPattern: "ERROR",
        interleaved: true,
      },
    }),
  },
  {
    source: "logs.amazonaws.com",
    name: "PutRetentionPolicy",
    readOnly: false,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        retentionInDays: pick(c, [14, 30, 90, 365]),
      },
    }),
  },
];
