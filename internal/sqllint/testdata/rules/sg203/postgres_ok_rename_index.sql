SET lock_timeout = '5s';
ALTER INDEX customers_email_idx RENAME TO customers_email_key;
