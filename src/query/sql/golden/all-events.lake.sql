-- CloudTrail Lake: replace <your-event-data-store-id> with the event data store's ID. A store
-- keeps each event once, so no deduplication is needed.
SELECT eventTime, eventSource, eventName, userIdentity.arn, sourceIPAddress, errorCode, eventID
FROM <your-event-data-store-id>
WHERE TRUE
ORDER BY eventTime DESC
