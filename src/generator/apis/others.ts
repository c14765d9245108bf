// The catalogue's calls of Others seen in every account (CloudWatch, load balancing, ECR, Health, SNS).
import { type ApiSpec, arnOf, pick } from "./common";

export const OTHERS: ApiSpec[] = [
  {
    source: "monitoring.amazonaws.com",
    name: "DescribeAlarms",
    readOnly: true,
    build: () => ({ request: { maxRecords: 100 } }),
  },
  {
    source: "monitoring.amazonaws.com",
    name: "PutMetricAlarm",
    readOnly: false,
    build: (c) => ({
      request: {
        alarmName: `${pick(c, c.account.functions)}-errors`,
        metricName: "Errors",
        namespace: "AWS/Lambda",
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
    }),
  },
  {
    source: "elasticloadbalancing.amazonaws.com",
    name: "DescribeLoadBalancers",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "elasticloadbalancing.amazonaws.com",
    name: "DescribeTargetHealth",
    readOnly: true,
    build: (c) => ({
      request: {
        targetGroupArn: arnOf(c, "elasticloadbalancing", `targetgroup/web/${c.random.hex(16)}`),
      },
    }),
  },
  {
    source: "ecr.amazonaws.com",
    name: "GetAuthorizationToken",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "ecr.amazonaws.com",
    name: "BatchGetImage",
    readOnly: true,
    build: (c) => ({
      request: {
        repositoryName: "web",
        imageIds: [{ imageTag: "v" + (1 + c.random.int(90)) }],
        acceptedMediaTypes: ["application/vnd.docker.distribution.manifest.v2+json"],
      },
    }),
  },
  {
    source: "health.amazonaws.com",
    name: "DescribeEventAggregates",
    readOnly: true,
    build: () => ({
      request: {
        aggregateField: "eventTypeCategory",
        filter: { eventStatusCodes: ["open", "upcoming"] },
      },
    }),
  },
  {
    source: "sns.amazonaws.com",
    name: "ListTopics",
    readOnly: true,
    build: () => ({ request: null }),
  },
];
