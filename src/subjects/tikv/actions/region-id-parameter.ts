/** The region parameter every region action shares, worded once. */
export const REGION_ID = {
  type: 'region_id',
  label: 'Region ID',
  description: 'ID of the region, as in `pd-ctl region <id>`',
  required: true,
} as const;
