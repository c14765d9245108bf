-- CloudTrail Lake: replace <your-event-data-store-id> with the event data store's ID. A store
-- keeps each event once, so no deduplication is needed.
SELECT eventTime, eventSource, eventName, userIdentity.arn, sourceIPAddress, errorCode, eventID
FROM <your-event-data-store-id>
WHERE ((lower(coalesce(eventName, '')) LIKE 'delete%' ESCAPE '\') OR (lower(coalesce(eventName, '')) LIKE 'terminate%' ESCAPE '\') OR (lower(coalesce(eventName, '')) LIKE 'stop%' ESCAPE '\')) AND (NOT (coalesce(errorCode, '') <> ''))
ORDER BY eventTime DESC
