<<<<<<< HEAD
ALTER TABLE orders ADD COLUMN note TEXT;
=======
ALTER TABLE orders ADD COLUMN memo TEXT;
>>>>>>> feature
