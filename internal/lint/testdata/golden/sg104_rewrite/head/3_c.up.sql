
-- nothing yet
