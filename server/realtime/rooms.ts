// Room names are `kind:id`. Nothing is ever broadcast to everybody.
export const rooms = {
  user: (id: number) => `user:${id}`,
  role: (role: string) => `role:${role}`,
  supervision: 'role:supervision',
  queue: (name: string) => `queue:${name}`,
  call: (id: number) => `call:${id}`,
  campaign: (id: number) => `campaign:${id}`,
} as const;
