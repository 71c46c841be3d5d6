ALTER TYPE ticket_priority ADD VALUE 'urgent';
