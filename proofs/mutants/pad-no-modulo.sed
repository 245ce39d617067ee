# function: vpool__pad
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: an already aligned offset gets a full alignment of padding.
s|return (align - (b->mis + b->used) % align) % align;|return align - (b->mis + b->used) % align;|
