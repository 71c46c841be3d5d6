UPDATE products SET price_cents_big = price_cents WHERE price_cents_big IS NULL AND id BETWEEN 1 AND 100000;
