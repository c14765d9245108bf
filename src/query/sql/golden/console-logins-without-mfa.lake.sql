-- CloudTrail Lake: replace <your-event-data-store-id> with the event data store's ID. A store
-- keeps each event once, so no deduplication is needed.
SELECT eventTime, eventSource, eventName, userIdentity.arn, sourceIPAddress, errorCode, eventID
FROM <your-event-data-store-id>
WHERE (coalesce(awsRegion, '') IN ('us-east-1', 'eu-west-1'))
  AND (coalesce(errorCode, '') NOT IN (''))
  AND (eventTime >= '2026-11-02 08:00:00' AND eventTime < '2026-11-03 08:00:00')
  AND ((lower(coalesce(eventName, '')) = 'consolelogin') AND (lower(coalesce(element_at(additionalEventData, 'MFAUsed'), '')) = 'no'))
ORDER BY eventTime DESC
