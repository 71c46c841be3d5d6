ALTER TYPE ticket_priority ADD VALUE IF NOT EXISTS 'urgent' AFTER 'high';
